"""Chat context: what the last answer named (recalls, releases, models), for "it", "the other one", "那个".

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentioned', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.drop_column('mentioned')
