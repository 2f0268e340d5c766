"""The sentences the phone screen's JavaScript shows, translated on the server.

The page hands them to the script in a JSON script tag (`texts()`), so they follow the
user's language like every template string. Placeholders are `%(name)s`, filled in by the
script.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXTS: dict[str, str | Promise] = {
    # the outbox
    "sent_of": _("%(sent)s of %(total)s sent"),
    "all_sent": _("Everything is sent."),
    "nothing_queued": _("Nothing waiting to be sent."),
    "waiting": _("%(n)s waiting to be sent"),
    "offline": _("Offline: your work is kept on this phone and sent when the connection returns."),
    "online": _("Online"),
    "offline_short": _("Offline"),
    "sending": _("Sending…"),
    "retry_in": _("No connection to the server. Next try in %(s)s s."),
    "login_again": _("Your session has ended: log in again (nothing is lost, it stays queued)."),
    "server_trouble": _("The server could not take it (error %(code)s). It will be tried again."),
    "status_pending": _("waiting"),
    "status_sending": _("sending"),
    "status_sent": _("sent"),
    "status_rejected": _("refused"),
    "kind_result": _("Checkpoint result"),
    "kind_defect_adjust": _("Defect counter"),
    "kind_defect_add": _("Defect recorded"),
    "kind_remarks": _("Remarks"),
    "kind_photo": _("Photo"),
    "kind_submit": _("Submit"),
    "not_yours": _(
        "The server does not know this inspection as yours any more (reassigned or "
        "cancelled?). Ask the quality manager."
    ),
    "photo_gone": _("The photo's file is no longer on this phone."),
    "discard": _("Discard"),
    "discard_confirm": _("Discard this refused change for good?"),
    "retry_one": _("Send again"),
    "storage_unavailable": _(
        "This browser cannot keep work on the phone (private mode?). Stay online until "
        "everything is sent."
    ),
    "storage_estimate": _("On this phone: %(used)s MB used of about %(quota)s MB."),
    "storage_full": _(
        "This phone could not keep that (its storage is full or blocked). Connect to send "
        "what is waiting, or free some space, then do it again."
    ),
    # the checkpoint
    "record_values_first": _("Record the measured values first."),
    "out_of_tolerance": _("Out of tolerance"),
    "in_tolerance": _("Within tolerance"),
    "not_a_number": _("Not a number"),
    "unit_short": _("unit"),
    "remove_value": _("Remove"),
    "finish": _("Finish"),
    "progress": _("%(n)s / %(total)s"),
    "checked_of": _("%(n)s of %(total)s checked"),
    # the verdict
    "verdict_pass": _("Pass so far"),
    "verdict_fail": _("Fail so far"),
    "verdict_pending": _("Pending so far"),
    "class_line": _("%(label)s: %(n)s found · accept up to %(ac)s, reject at %(re)s"),
    "class_line_zero": _("%(label)s: %(n)s found · none accepted"),
    "not_checked_left": _("Not checked yet: %(titles)s"),
    # submitting
    "submit_queued": _("Submit is queued; it is sent after everything before it."),
    "submitted": _("Submitted for review. Computed verdict: %(verdict)s."),
    "cannot_submit_unchecked": _("Check every checkpoint before submitting: %(titles)s"),
    "cannot_submit_photos": _(
        "Take the photos these checkpoints need before submitting: %(titles)s"
    ),
}


def texts() -> dict[str, str]:
    """The sentences in the active language."""
    return {key: str(value) for key, value in TEXTS.items()}
