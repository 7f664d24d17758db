"""What a claimant is told, in English, French and Russian: where the claim stands, and the written
acknowledgement of receipt.  (The pages' own labels belong to the web interface's catalogues.)"""

from __future__ import annotations

from datetime import date

STATUS_TEXT: dict[str, dict[str, str]] = {
    "submitted": {
        "en": "Received online; waiting for the claims office to register it.",
        "fr": "Reçue en ligne ; en attente d'enregistrement par le service des réclamations.",
        "ru": "Получена через интернет; ожидает регистрации отделом по претензиям.",
    },
    "registered": {
        "en": "Registered by the claims office; it is being examined.",
        "fr": "Enregistrée par le service des réclamations ; en cours d'examen.",
        "ru": "Зарегистрирована отделом по претензиям; рассматривается.",
    },
    "notified": {
        "en": "Being examined; the State whose force was involved has been informed.",
        "fr": "En cours d'examen ; l'État dont la force est en cause a été informé.",
        "ru": "Рассматривается; государство, чьи войска причастны, уведомлено.",
    },
    "adjudicated": {
        "en": "Decided; payment follows.",
        "fr": "Décidée ; le paiement suivra.",
        "ru": "Решение принято; последует выплата.",
    },
    "rejected": {
        "en": "Decided: no compensation is awarded.",
        "fr": "Décidée : aucune indemnité n'est accordée.",
        "ru": "Решение принято: компенсация не присуждена.",
    },
    "paid": {"en": "Paid.", "fr": "Payée.", "ru": "Выплачено."},
    "contested": {"en": "Paid.", "fr": "Payée.", "ru": "Выплачено."},
    "accepted": {"en": "Paid.", "fr": "Payée.", "ru": "Выплачено."},
    "assessed": {
        "en": "Assessed; the State whose member was involved decides on an ex gratia payment.",
        "fr": "Évaluée ; l'État dont le membre est en cause décide d'un paiement à titre gracieux.",
        "ru": "Оценена; государство, чей военнослужащий причастен, решает вопрос о добровольной выплате.",
    },
    "offered": {
        "en": "An ex gratia payment is offered; the claims office will contact you.",
        "fr": "Un paiement à titre gracieux est proposé ; le service des réclamations vous contactera.",
        "ru": "Предложена добровольная выплата; отдел по претензиям свяжется с вами.",
    },
    "not_offered": {
        "en": "No ex gratia payment is offered; the courts remain open to you.",
        "fr": "Aucun paiement à titre gracieux n'est proposé ; les tribunaux vous restent ouverts.",
        "ru": "Добровольная выплата не предложена; вы можете обратиться в суд.",
    },
    "offer_accepted": {
        "en": "You accepted the ex gratia payment; it is being paid.",
        "fr": "Vous avez accepté le paiement à titre gracieux ; il est en cours.",
        "ru": "Вы приняли добровольную выплату; она производится.",
    },
    "offer_refused": {
        "en": "You refused the ex gratia offer; the courts remain open to you.",
        "fr": "Vous avez refusé l'offre à titre gracieux ; les tribunaux vous restent ouverts.",
        "ru": "Вы отказались от предложения; вы можете обратиться в суд.",
    },
    "refused": {
        "en": "Not admitted under the status-of-forces rules; the letter from the claims office says why.",
        "fr": "Non recevable au titre du statut des forces ; la lettre du service des réclamations en donne la raison.",
        "ru": "Не принята по правилам о статусе сил; причина указана в письме отдела по претензиям.",
    },
    "waived": {
        "en": "Closed (waived).",
        "fr": "Close (renonciation).",
        "ru": "Закрыта (отказ от требований).",
    },
    "closed": {"en": "Closed.", "fr": "Close.", "ru": "Закрыта."},
    "withdrawn": {"en": "Withdrawn.", "fr": "Retirée.", "ru": "Отозвана."},
}

RECEIPT = {
    "en": "The claims office of {state} confirms that it received your claim {reference} on {day}.",
    "fr": "Le service des réclamations de {state} confirme avoir reçu votre réclamation {reference} le {day}.",
    "ru": "Отдел по претензиям ({state}) подтверждает получение вашей претензии {reference} {day}.",
}


def status_text(status: str, language: str) -> str:
    texts = STATUS_TEXT.get(status, {})
    return texts.get(language) or texts.get("en") or status.replace("_", " ")


def receipt(language: str, state: str, reference: str, day: date) -> str:
    """The written acknowledgement of receipt, with the date received, in the claimant's language."""
    from babel.dates import format_date

    when = format_date(day, format="long", locale=language if language in RECEIPT else "en")
    return RECEIPT.get(language, RECEIPT["en"]).format(state=state, reference=reference, day=when)
