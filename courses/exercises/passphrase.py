"""Passphrase trainer: the browser estimates how long a typed passphrase would resist guessing.

The passphrase never leaves the browser: the estimator is `passphrase.js`, and the only thing the
server ever receives is the strength level reached (one of LEVELS). Completion therefore rests on
the learner's own browser, which is acceptable for practice and is why this block has no score.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from xblock.fields import Boolean, Scope, String

from courses.exercises import ExerciseBlock, exercise_fragment, json_handler, refuse

# Weakest first. The estimator (passphrase.js) maps guessing time to these names; keep both in step.
LEVELS = ("very_weak", "weak", "fair", "strong")


def passphrase_level_rank(level: str) -> int:
    """Position of a level in LEVELS (higher is stronger)."""
    return LEVELS.index(level)


class PassphraseTrainerBlock(ExerciseBlock):
    """Type a passphrase, see its estimated guessing time and why; done on reaching a level."""

    has_score = False

    display_name = String(
        display_name=pgettext_lazy("exercise", "Title"),
        help=gettext_lazy(
            "Shown above the exercise, e.g. “Tạo cụm mật khẩu cho tài khoản công vụ”."
        ),
        scope=Scope.settings,
        default="",
    )
    instructions = String(
        display_name=pgettext_lazy("exercise", "Instructions"),
        help=gettext_lazy("What the learner should try; a sensible text is shown when empty."),
        scope=Scope.content,
        multiline_editor=True,
        default="",
    )
    required_level = String(
        display_name=gettext_lazy("Level to reach"),
        help=gettext_lazy(
            "The exercise is complete once the learner types a passphrase this strong."
        ),
        scope=Scope.settings,
        default="strong",
        values=[
            {"display_name": pgettext_lazy("exercise", "Fair"), "value": "fair"},
            {"display_name": pgettext_lazy("exercise", "Strong"), "value": "strong"},
        ],
    )

    best_level = String(scope=Scope.user_state, default="", help="Strongest level reached")
    reached = Boolean(scope=Scope.user_state, default=False)

    def _required(self) -> str:
        return self.required_level if self.required_level in ("fair", "strong") else "strong"

    def student_view(self, context=None):
        return exercise_fragment(
            block=self,
            template="courses/exercises/passphrase.html",
            context={
                "title": self.display_name or _("How strong is your passphrase?"),
                "instructions": self.instructions,
                "required_label": self._level_labels()[self._required()],
                "reached": self.reached,
            },
            scripts=(
                "courses/exercises/passphrase-estimator.js",
                "courses/exercises/passphrase.js",
            ),
            js_class="PassphraseTrainer",
            js_args={
                "required": self._required(),
                "reported": self.best_level if self.best_level in LEVELS else "",
                "levels": self._level_labels(),
                "messages": _passphrase_messages(),
            },
        )

    @staticmethod
    def _level_labels() -> dict[str, str]:
        return {
            "very_weak": pgettext("exercise", "Very weak"),
            "weak": pgettext("exercise", "Weak"),
            "fair": pgettext("exercise", "Fair"),
            "strong": pgettext("exercise", "Strong"),
        }

    @json_handler
    def report_level(self, data, suffix=""):
        """Record {"level": <one of LEVELS>}: the only thing the browser ever sends."""
        level = data.get("level") if isinstance(data, dict) else None
        if not isinstance(data, dict) or set(data) != {"level"} or level not in LEVELS:
            raise refuse(_("Send only a strength level."))
        if not self.best_level or passphrase_level_rank(level) > passphrase_level_rank(
            self.best_level if self.best_level in LEVELS else LEVELS[0]
        ):
            self.best_level = level
        newly_reached = not self.reached and passphrase_level_rank(level) >= passphrase_level_rank(
            self._required()
        )
        if newly_reached:
            self.reached = True
            self.emit_completion(1.0)
        return {"reached": self.reached, "best_level": self.best_level}


def _passphrase_messages() -> dict[str, str]:
    """The estimator's words, translated here so the script carries no language of its own."""
    return {
        "empty": _("Type a passphrase to see an estimate."),
        "time": _("A guess would take about %(time)s."),
        "assumption": _(
            "Assuming an attacker who stole a password database and tries 10 billion guesses a "
            "second."
        ),
        "instant": _("less than a second"),
        "seconds": _("%(n)s seconds"),
        "minutes": _("%(n)s minutes"),
        "hours": _("%(n)s hours"),
        "days": _("%(n)s days"),
        "years": _("%(n)s years"),
        "centuries": _("more than %(n)s centuries"),
        "length": _("%(n)s characters long."),
        "short": _("Shorter than 12 characters: every extra character multiplies the work."),
        "classes": _("Uses %(classes)s."),
        "lower": _("lowercase letters"),
        "upper": _("capitals"),
        "digits": _("digits"),
        "symbols": _("symbols or spaces"),
        "common": _("Contains a common password: attackers try these first."),
        "vietnamese": _(
            "Contains %(n)s Vietnamese syllables without diacritics: each counts as one of a few "
            "thousand, not as separate letters."
        ),
        "word": _("Contains a common word or name: it is in attackers' lists."),
        "date": _("Contains a date or a year: birthdays are guessed early."),
        "keyboard": _("Contains a keyboard pattern or a sequence (qwerty, 1234, abcd)."),
        "repeat": _("Repeats characters or a group of characters."),
        "advice": _(
            "Tip: four or more unrelated words, with a separator, are long and easy to remember."
        ),
        "reached": _("Well done: you reached the level this exercise asks for."),
        "saved": _("Progress saved (only the strength level was sent, never the passphrase)."),
        "failed": _("Your progress could not be saved. Check the connection."),
    }
