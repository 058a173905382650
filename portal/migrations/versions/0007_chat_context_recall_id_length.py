"""Chat context: a recall id as long as the recalls table's own (64), not 32.

The portal's ids for Chinese recalls without a SAMR number run past 32
characters ("cn-2025-11-byd-qin-plus-dmi-battery"); PostgreSQL refused to
store such a conversation's context, so its follow-ups lost the recall.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.alter_column('recall_id', existing_type=sa.String(length=32), type_=sa.String(length=64),
                              existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.alter_column('recall_id', existing_type=sa.String(length=64), type_=sa.String(length=32),
                              existing_nullable=True)
