"""complaint import: a natural key on complaints, so that re-importing a complaint log adds nothing

Revision ID: 0007_complaint_import
Revises: 0006_calibration

Complaints logged through the service have none (NULL, which a unique index allows many times over).
"""

from alembic import op
import sqlalchemy as sa

revision = '0007_complaint_import'
down_revision = '0006_calibration'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A unique index rather than a constraint: SQLite adds one without rebuilding the table.
    op.add_column('complaint', sa.Column('natural_key', sa.String(length=128), nullable=True))
    op.create_index(op.f('ix_complaint_natural_key'), 'complaint', ['natural_key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_natural_key'))
        batch_op.drop_column('natural_key')
