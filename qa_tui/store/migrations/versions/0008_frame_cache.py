"""frame cache: encrypted columnar snapshots of analytics frames (Trends reads one instead of millions of rows)

Revision ID: 0008_frame_cache
Revises: 0007_complaint_import
"""

from alembic import op
import sqlalchemy as sa


revision = '0008_frame_cache'
down_revision = '0007_complaint_import'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('frame_cache',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('marker', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade() -> None:
    op.drop_table('frame_cache')
