from django.dispatch import Signal

# Sent once, inside the transaction that completes an enrollment; argument: enrollment.
# Receivers that start background work must defer it with transaction.on_commit.
enrollment_completed = Signal()
