"""Completions made before this app existed become training records, so compliance starts from
what people have already done."""

from django.db import migrations


def records_create(apps, schema_editor):
    Enrollment = apps.get_model("learning", "Enrollment")
    LearnerProfile = apps.get_model("agencies", "LearnerProfile")
    TrainingRecord = apps.get_model("compliance", "TrainingRecord")
    from django.utils import timezone

    profiles = dict(LearnerProfile.objects.values_list("user_id", "pk"))
    completed = Enrollment.objects.filter(status="completed", completed_at__isnull=False)
    records = [
        TrainingRecord(
            profile_id=profiles[enrollment.user_id],
            source="platform",
            enrollment_id=enrollment.pk,
            course_id=enrollment.course_id,
            title=enrollment.course.title,
            completed_on=timezone.localdate(enrollment.completed_at),
            hours=enrollment.course.hours or 0,
            category=enrollment.course.category,
            areas=enrollment.course.digcomp_areas,
            score=enrollment.score,
            certificate_number=enrollment.certificate_number,
        )
        for enrollment in completed.select_related("course").iterator()
        if enrollment.user_id in profiles
    ]
    TrainingRecord.objects.bulk_create(records, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(records_create, migrations.RunPython.noop)]
