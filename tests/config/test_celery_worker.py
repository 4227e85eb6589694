"""A task sent on the configured broker is executed by a real worker process."""

import pytest

from assessments.models import WorkerHeartbeat
from assessments.tasks import heartbeat
from tests.worker import celery_worker, purge_broker, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_a_task_sent_on_the_broker():
    purge_broker()
    with celery_worker() as worker:
        heartbeat.delay("integration-test")

        try:
            wait_for(
                lambda: WorkerHeartbeat.objects.filter(worker="integration-test").exists(),
                timeout=90,
                what="the worker to record its heartbeat",
            )
        except AssertionError:
            worker.terminate()
            print(worker.communicate(timeout=20)[0])
            raise

    assert WorkerHeartbeat.objects.get(worker="integration-test").last_seen is not None
