"""Queue a Celery task by its registered name, so that services never import task modules.

Tasks are thin adapters that call services; a service that must queue more work names the
task instead of importing it, which keeps the import graph free of service <-> task circles.
Each app imports its ``tasks`` module in ``AppConfig.ready()`` so the names are registered in
every process, not only in workers.
"""

from collections.abc import Sequence
from typing import Any

from celery import current_app


def task_send(name: str, *, args: Sequence[Any] = (), **options: Any) -> None:
    """Queue the task registered as ``name`` with ``args``; ``options`` as for ``apply_async``."""
    current_app.tasks[name].apply_async(args=list(args), **options)
