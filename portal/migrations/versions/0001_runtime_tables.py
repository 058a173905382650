"""Runtime tables as they were before migrations: chat log, sources, staff and their actions.

A database created by ``create_all`` before migrations existed holds exactly
these and is stamped at this revision instead of running it.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session', sa.String(length=64), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('intent', sa.String(length=64), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('fallback', sa.Boolean(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('trace', sa.Text(), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=True),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.Column('feedback', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('chat_turns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_turns_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_chat_turns_fallback'), ['fallback'], unique=False)
        batch_op.create_index(batch_op.f('ix_chat_turns_handled'), ['handled'], unique=False)
        batch_op.create_index(batch_op.f('ix_chat_turns_intent'), ['intent'], unique=False)
        batch_op.create_index(batch_op.f('ix_chat_turns_session'), ['session'], unique=False)

    op.create_table('staff_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('chat_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turn_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['turn_id'], ['chat_turns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('chat_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_sources_turn_id'), ['turn_id'], unique=False)

    op.create_table('staff_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turn_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['turn_id'], ['chat_turns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_actions_turn_id'), ['turn_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_actions_turn_id'))

    op.drop_table('staff_actions')
    with op.batch_alter_table('chat_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_sources_turn_id'))

    op.drop_table('chat_sources')
    op.drop_table('staff_users')
    with op.batch_alter_table('chat_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_turns_session'))
        batch_op.drop_index(batch_op.f('ix_chat_turns_intent'))
        batch_op.drop_index(batch_op.f('ix_chat_turns_handled'))
        batch_op.drop_index(batch_op.f('ix_chat_turns_fallback'))
        batch_op.drop_index(batch_op.f('ix_chat_turns_created_at'))

    op.drop_table('chat_turns')
