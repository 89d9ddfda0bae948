from modeltranslation.translator import TranslationOptions, register

from .models import Call, CallPriority, Mission, PriorityArea, SubTheme


@register(Mission)
class MissionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(PriorityArea)
class PriorityAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SubTheme)
class SubThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "guidance")


@register(CallPriority)
class CallPriorityTranslationOptions(TranslationOptions):
    fields = ("focus",)
