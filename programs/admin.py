"""Django admin for superusers' data fixes; staff work in the application's own pages."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Call, CallPriority, Mission, MissionStaff, PriorityArea, SubTheme


@admin.register(Mission)
class MissionAdmin(TranslationAdmin):
    list_display = ["name", "kind", "city", "time_zone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_en", "name_fr", "name_es", "city"]


@admin.register(MissionStaff)
class MissionStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "mission", "role"]
    list_filter = ["role", "mission"]
    list_select_related = ["user", "mission"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(TranslationAdmin):
    list_display = ["name", "position", "is_active"]
    list_filter = ["is_active"]


@admin.register(SubTheme)
class SubThemeAdmin(TranslationAdmin):
    list_display = ["name", "position", "is_active"]
    list_filter = ["is_active"]


class CallPriorityInline(TranslationTabularInline):
    model = CallPriority
    extra = 0


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "mission", "fiscal_year", "opens_at", "closes_at", "published_at"]
    list_filter = ["mission", "fiscal_year"]
    list_select_related = ["mission"]
    search_fields = ["title_en", "title_fr", "title_es"]
    inlines = [CallPriorityInline]
