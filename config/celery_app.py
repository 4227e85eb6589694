"""The Celery application: configured from Django settings, tasks autodiscovered."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("myositis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A sweep chunk allocates hundreds of thousands of short-lived objects (rows, engine
# inputs, fractions). With the default threshold of 700 the collector runs thousands of
# times per chunk and rescans the modules loaded at start-up each time: about a tenth of
# a cold chunk's time (bench/sweep.py). Objects that live as long as the worker are
# moved out of the collector's way and young collections run less often.
GC_YOUNG_THRESHOLD = 50_000


@worker_process_init.connect
def tune_garbage_collection(**_: object) -> None:
    """Freeze the start-up objects of each worker process and collect less often."""
    gc.collect()
    gc.freeze()
    middle, old = gc.get_threshold()[1:]
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
