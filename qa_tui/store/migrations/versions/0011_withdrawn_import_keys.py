"""withdrawn import keys: rows erased or past their retention that an import must not add again

Revision ID: 0011_withdrawn_import_keys
Revises: 0010_erased_subjects_index
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_withdrawn_import_keys'
down_revision = '0010_erased_subjects_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('withdrawn_import_key',
    sa.Column('digest', sa.String(length=40), nullable=False),
    sa.Column('key_table', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('digest')
    )
    op.create_index('ix_withdrawn_import_key_key_table', 'withdrawn_import_key', ['key_table'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_withdrawn_import_key_key_table', table_name='withdrawn_import_key')
    op.drop_table('withdrawn_import_key')
