from django.contrib import admin

from sourceproof.accounts.models import ApiToken, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "code", "country", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "full_name", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("email", "full_name")
    exclude = ("password", "groups", "user_permissions", "last_login")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "read_only", "expires_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "last_used_at")
