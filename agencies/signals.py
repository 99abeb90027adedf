from django.dispatch import Signal

# Sent after staff records change in a way other apps may care about (who they are, where they
# work, their status): argument `profile_ids`, a list. Sent by the staff import, staff edits and
# agency events that move people or the agencies they work in. Receivers must not assume a
# transaction: defer background work with transaction.on_commit.
staff_changed = Signal()
