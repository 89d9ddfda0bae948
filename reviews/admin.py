from django.contrib import admin

from .models import (
    CallReviewSettings,
    ChecklistItem,
    Criterion,
    GbaChecklist,
    ReviewAssignment,
    ScoringGrid,
    Screening,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ScoringGrid)
class ScoringGridAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "version", "published_at"]
    inlines = [CriterionInline]


@admin.register(GbaChecklist)
class GbaChecklistAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "version", "published_at"]
    inlines = [ChecklistItemInline]


@admin.register(CallReviewSettings)
class CallReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["call", "grid", "checklist", "reviewers_per_proposal", "days_to_review"]
    list_select_related = ["call", "grid", "checklist"]


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ["proposal", "outcome", "reason", "screened_by", "created_at"]
    list_select_related = ["proposal", "screened_by"]
    readonly_fields = ["proposal", "checks", "outcome", "reason", "note", "screened_by"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "reviewer", "due_date", "declaration"]
    list_select_related = ["proposal", "reviewer"]
    readonly_fields = ["proposal", "reviewer", "declaration", "conflict_explanation", "declared_at"]
