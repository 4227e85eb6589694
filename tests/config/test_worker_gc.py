"""Each worker process sets the garbage collector up for the sweep's bulk work."""

import gc

from config.celery_app import GC_YOUNG_THRESHOLD, tune_garbage_collection


def test_a_worker_process_freezes_its_start_up_objects_and_collects_less_often():
    before = gc.get_threshold()
    try:
        tune_garbage_collection()

        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD > before[0]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
