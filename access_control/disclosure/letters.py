"""The 告知书 of an application, made from its history and kept as its records.

A letter is made when an event that calls for one is recorded (the receiver
in `access_control.signal_handlers` calls `letter_make` for every new
`DisclosureEvent`):

- 告知补正 → 补正告知书 (Art. 30), to the applicant;
- 逾期未补正 → 视为放弃告知书 (Art. 30), to the applicant;
- 延长答复期限 → 延期答复告知书 (Art. 33 ¶2), to the applicant;
- 征求第三方意见 → 征求第三方意见函 (Art. 32), to the latest consultation's
  third party: kept with the application but not shown to the applicant;
- 作出答复 → 政府信息公开申请答复告知书 (Art. 36, 37), to the applicant.

The workflow records the event after it has updated the application, in the
same transaction, so the letter is read from the application as it stands
then; it is made in that transaction too, so an answer is never recorded
without its letter. The PDF goes into the content-addressed storage as a
`DisclosureFile` of kind LETTER with `data` {"letter": event kind,
"public": bool, "event": event id}.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from access_control.disclosure.files import file_store
from access_control.disclosure.letters_pdf import letter_pdf
from access_control.disclosure.letters_text import (
    LetterText,
    answer_letter,
    consultation_letter,
    correction_letter,
    extension_letter,
    lapse_letter,
)
from access_control.disclosure.models import (
    DisclosureApplication,
    DisclosureEvent,
    DisclosureFile,
    EventKind,
)


def _consultation(application: DisclosureApplication, dated) -> LetterText:
    latest = application.consultations.order_by("-sent_on", "-pk").first()
    if latest is None:
        raise ValueError(
            f"申请 {application.number} 没有征求第三方意见的记录，无法制作征求意见函。"
        )
    return consultation_letter(application, latest, dated)


def _answer(application: DisclosureApplication, dated) -> LetterText:
    return answer_letter(application, application.answered_on or dated)


LETTERS: dict[str, Callable[[DisclosureApplication, object], LetterText]] = {
    EventKind.CORRECTION_REQUESTED: correction_letter,
    EventKind.CORRECTION_LAPSED: lapse_letter,
    EventKind.EXTENDED: extension_letter,
    EventKind.CONSULTATION_STARTED: _consultation,
    EventKind.ANSWERED: _answer,
}


def letter_make(event: DisclosureEvent) -> DisclosureFile | None:
    """Make and keep the letter `event` calls for; None when it calls for none.

    Args:
        event: a just-recorded event; its application is read afresh from
            the database, so the letter shows the state the workflow left.

    Returns:
        The stored letter.

    Raises:
        ValueError: the application lacks what the letter must say (a
            consultation letter without a consultation).
    """
    build = LETTERS.get(event.kind)
    if build is None:
        return None
    application = DisclosureApplication.objects.select_related("agency").get(
        pk=event.application_id
    )
    letter = build(application, event.on)
    return _store(application, event, letter)


def _store(application, event: DisclosureEvent, letter: LetterText) -> DisclosureFile:
    staging = Path(settings.ARCHIVE_STAGING)
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=staging, suffix=".pdf") as handle:
        handle.write(letter_pdf(letter))
        handle.flush()
        return file_store(
            application,
            kind=DisclosureFile.Kind.LETTER,
            name=f"{application.number}-{event.kind}-{event.pk}.pdf",
            path=Path(handle.name),
            media_type="application/pdf",
            by=event.by,
            title=letter.title,
            data={"letter": event.kind, "public": letter.public, "event": event.pk},
        )
