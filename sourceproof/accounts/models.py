"""Organisations, people, roles and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    AUDIT_FIRM = "audit_firm", _("Audit firm")


class Organisation(BaseModel):
    """A party in the system: the one operator (the importer), a customer brand, a supplier
    company or an audit firm."""

    name = models.CharField(max_length=200, help_text="The organisation's usual name.")
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, help_text="What part it plays."
    )
    code = models.SlugField(
        max_length=40, unique=True, help_text="Short public code, e.g. 'acme-brands'."
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 country of the head office."
    )
    is_active = models.BooleanField(default=True, help_text="Inactive organisations cannot log in.")

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="operator"),
                name="one_operator_per_installation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Customer(Organisation):
    """A customer brand: an organisation of kind 'customer' (proxy for clear naming)."""

    class Meta:
        proxy = True


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CSR_MANAGER = "csr_manager", _("CSR manager")
    QUALITY_MANAGER = "quality_manager", _("Quality manager")
    INSPECTOR = "inspector", _("Inspector")
    VIEWER = "viewer", _("Viewer")
    SUPPLIER_USER = "supplier_user", _("Supplier user")
    CUSTOMER_USER = "customer_user", _("Customer user")
    AUDITOR = "auditor", _("Auditor")


OPERATOR_ROLES = frozenset(
    {Role.ADMIN, Role.CSR_MANAGER, Role.QUALITY_MANAGER, Role.INSPECTOR, Role.VIEWER}
)
ROLE_ORGANISATION_KIND: dict[str, str] = {
    **{role: OrganisationKind.OPERATOR for role in OPERATOR_ROLES},
    Role.SUPPLIER_USER: OrganisationKind.SUPPLIER,
    Role.CUSTOMER_USER: OrganisationKind.CUSTOMER,
    Role.AUDITOR: OrganisationKind.AUDIT_FIRM,
}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        from sourceproof.accounts.services import operator_organisation

        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("organisation", operator_organisation())
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with email and password, belonging to one organisation."""

    email = models.EmailField(unique=True, help_text="Login name and contact address.")
    full_name = models.CharField(max_length=200, blank=True, help_text="The person's name.")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="The organisation the person works for.",
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, help_text="What the person may see and do."
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=[("en", "English"), ("nl", "Nederlands"), ("zh-hans", "简体中文")],
        help_text="Preferred interface language (empty: the browser's).",
    )
    is_active = models.BooleanField(default=True, help_text="Inactive users cannot log in.")
    date_joined = models.DateTimeField(auto_now_add=True, help_text="When the account was made.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering: ClassVar = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self) -> bool:
        """Operator admins use the Django admin."""
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return self.is_staff or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff or super().has_module_perms(app_label)

    @property
    def is_operator(self) -> bool:
        return self.role in OPERATOR_ROLES


class ApiToken(BaseModel):
    """A bearer token for the JSON API. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", help_text="Whose token."
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=12, db_index=True, help_text="First characters, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret.")
    read_only = models.BooleanField(default=True, help_text="Only GET requests are allowed.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="Last successful use.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When it was revoked.")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing."""

    email = models.CharField(max_length=254, db_index=True, help_text="The email tried.")
    ip_address = models.GenericIPAddressField(null=True, blank=True, help_text="From where.")
    at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When.")

    def __str__(self) -> str:
        return f"{self.email} at {self.at}"
