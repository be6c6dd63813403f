from django.contrib import admin

from .models import Agency, Board, BoardAgency, Region


class BoardAgencyInline(admin.TabularInline):
    model = BoardAgency
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "slug"]
    list_filter = ["region"]
    search_fields = ["name"]
    inlines = [BoardAgencyInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "region"]
    list_filter = ["region", "agency_type"]
    search_fields = ["name"]
