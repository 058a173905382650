"""Staff accounts can be disabled; failed sign-ins remember the address they came from.

The address lets the sign-in throttle slow one account's guesser without
locking the account's owner out from elsewhere.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_staff_login_failures_address'), ['address'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_login_failures_address'))
        batch_op.drop_column('address')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
