from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from assessments import tasks  # noqa: F401  (registers the task names services send)
        from assessments.services.refractory import patient_schedule_reevaluation
        from assessments.services.scores import patient_scores_recompute
        from patients import hooks

        hooks.on_scores_stale(patient_scores_recompute)
        hooks.on_evaluation_stale(patient_schedule_reevaluation)
