"""Chat context: what each conversation is about (last VIN, recall, stated version, intent, language).

Follow-ups ("is it fixed?") are resolved from it on whichever node answers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_context',
    sa.Column('session', sa.String(length=64), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=True),
    sa.Column('recall_id', sa.String(length=32), nullable=True),
    sa.Column('version', sa.String(length=64), nullable=True),
    sa.Column('intent', sa.String(length=64), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('session')
    )
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_context_updated_at'), ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('chat_context', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_context_updated_at'))

    op.drop_table('chat_context')
