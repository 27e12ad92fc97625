"""Reference vocabularies the office edits in the admin: complaint subjects and learning themes."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class VocabularyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Vocabulary(models.Model):
    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True, help_text="Untick to stop offering it on new records.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(inherit=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class SubjectCategory(Vocabulary):
    """What a complaint was about (police investigations, incivility, stop and search, ...)."""

    class Meta(Vocabulary.Meta):
        verbose_name_plural = "subject categories"


class LearningTheme(Vocabulary):
    """A theme for learning points: they feed the office's Learning Report."""
