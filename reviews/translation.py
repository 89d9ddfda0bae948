from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistItem, Criterion, GbaChecklist, ScoringGrid


@register(ScoringGrid)
class ScoringGridTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(GbaChecklist)
class GbaChecklistTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "guidance")


@register(ChecklistItem)
class ChecklistItemTranslationOptions(TranslationOptions):
    fields = ("question", "guidance")
