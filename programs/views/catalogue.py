"""The global catalogues (administrators): priority areas and sub-themes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from core.forms import add_service_errors

from ..access import AdministratorPageMixin
from ..forms_manage import PriorityAreaForm, SubThemeForm
from ..models import PriorityArea, SubTheme
from ..selectors import priority_area_list_with_use, sub_theme_list
from ..services import catalogue_item_delete, catalogue_item_save, catalogue_item_set_active
from ._common import render_simple_form


class CatalogueMixin(AdministratorPageMixin):
    """Pages of one global catalogue (priority areas, sub-themes), set by the subclass."""

    model = None
    form_class = None
    url_prefix = ""  # "manage-priority-area" → names -list, -create, -edit, -action
    texts: dict = {}

    def list_url(self):
        return reverse(f"programs:{self.url_prefix}-list")


class CatalogueListView(CatalogueMixin, ListView):
    template_name = "programs/manage/catalogue_list.html"
    context_object_name = "items"

    def get_context_data(self, **kwargs):
        return super().get_context_data(texts=self.texts, url_prefix=self.url_prefix, **kwargs)


class CatalogueFormView(CatalogueMixin, View):
    def get_item(self, pk):
        return get_object_or_404(self.model.objects.all(), pk=pk) if pk else None

    def render_form(self, request, form, item, status=200):
        title = self.texts["edit"] if item else self.texts["new"]
        return render_simple_form(
            request, form, title=title, cancel_url=self.list_url(), status=status
        )

    def get(self, request, pk=None):
        item = self.get_item(pk)
        return self.render_form(request, self.form_class(instance=item), item)

    def post(self, request, pk=None):
        item = self.get_item(pk)
        form = self.form_class(request.POST, instance=item)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                catalogue_item_save(actor=request.user, model=self.model, item=item, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.texts["saved"])
                return redirect(self.list_url())
        return self.render_form(request, form, item, status=400)


class CatalogueActionView(CatalogueMixin, View):
    """Retire, restore or delete an item (POST only)."""

    http_method_names = ["post"]
    actions = {"retire", "restore", "delete"}

    def post(self, request, pk, action):
        if action not in self.actions:
            raise Http404
        item = get_object_or_404(self.model.objects.all(), pk=pk)
        try:
            if action == "delete":
                catalogue_item_delete(actor=request.user, item=item)
            else:
                catalogue_item_set_active(actor=request.user, item=item, active=action == "restore")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.texts[action])
        return redirect(self.list_url())


class PriorityAreaPages:
    model = PriorityArea
    form_class = PriorityAreaForm
    url_prefix = "manage-priority-area"
    texts = {
        "title": _("Priority areas"),
        "intro": _(
            "The global catalogue every call chooses from. An area a call uses can be retired, "
            "never deleted: past calls keep it, new calls no longer offer it."
        ),
        "new": _("New priority area"),
        "edit": _("Edit the priority area"),
        "empty": _("No priority area yet."),
        "use_count": _("Calls using it"),
        "saved": _("The priority area was saved."),
        "delete": _("The priority area was deleted."),
        "restore": _("The priority area was restored."),
        "retire": _("The priority area was retired. Calls that use it keep it."),
    }


class SubThemePages:
    model = SubTheme
    form_class = SubThemeForm
    url_prefix = "manage-sub-theme"
    texts = {
        "title": _("Sub-themes"),
        "intro": _(
            "Each proposal picks one sub-theme from this global list. A sub-theme in use can be "
            "retired, never deleted."
        ),
        "new": _("New sub-theme"),
        "edit": _("Edit the sub-theme"),
        "empty": _("No sub-theme yet."),
        "saved": _("The sub-theme was saved."),
        "delete": _("The sub-theme was deleted."),
        "restore": _("The sub-theme was restored."),
        "retire": _("The sub-theme was retired."),
    }


class PriorityAreaListView(PriorityAreaPages, CatalogueListView):
    def get_queryset(self):
        return priority_area_list_with_use()


class PriorityAreaFormView(PriorityAreaPages, CatalogueFormView):
    pass


class PriorityAreaActionView(PriorityAreaPages, CatalogueActionView):
    pass


class SubThemeListView(SubThemePages, CatalogueListView):
    def get_queryset(self):
        return sub_theme_list()


class SubThemeFormView(SubThemePages, CatalogueFormView):
    pass


class SubThemeActionView(SubThemePages, CatalogueActionView):
    pass
