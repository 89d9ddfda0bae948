"""What several of the management pages share."""

from django.shortcuts import render


def render_simple_form(request, form, *, title, cancel_url, status=200):
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "programs/manage/simple_form.html", context, status=status)
