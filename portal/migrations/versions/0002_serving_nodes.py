"""Serving nodes: which build each web process serves, with a heartbeat.

The build host and ``ota-portal prune`` keep every schema a live node serves.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('serving_nodes',
    sa.Column('node', sa.String(length=255), nullable=False),
    sa.Column('build_id', sa.String(length=64), nullable=False),
    sa.Column('db_schema', sa.String(length=128), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('node')
    )
    with op.batch_alter_table('serving_nodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_serving_nodes_db_schema'), ['db_schema'], unique=False)
        batch_op.create_index(batch_op.f('ix_serving_nodes_heartbeat_at'), ['heartbeat_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('serving_nodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_serving_nodes_heartbeat_at'))
        batch_op.drop_index(batch_op.f('ix_serving_nodes_db_schema'))

    op.drop_table('serving_nodes')
