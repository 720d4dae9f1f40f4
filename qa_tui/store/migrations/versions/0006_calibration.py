"""calibration: sessions, items, participants, scorings, consensus, notes

Revision ID: 0006_calibration
Revises: 0005_trends

On PostgreSQL, a trigger on the audit trail also announces every change (NOTIFY qa_tui_change), so that
open screens in other processes refresh; SQLite needs nothing (PRAGMA data_version, see services/changes.py).
"""

from alembic import op
import sqlalchemy as sa

revision = '0006_calibration'
down_revision = '0005_trends'
branch_labels = None
depends_on = None


NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION qa_tui_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('qa_tui_change', TG_TABLE_SCHEMA || ':' || NEW.target_type || ':' || NEW.target_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER audit_entry_notify AFTER INSERT ON audit_entry
FOR EACH ROW EXECUTE FUNCTION qa_tui_notify_change()
"""


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _on_postgresql():
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)
    op.create_table('calibration_session',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('scorecard_version_id', sa.Uuid(), nullable=False),
    sa.Column('facilitator_id', sa.Uuid(), nullable=False),
    sa.Column('expert_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('total_tolerance', sa.Float(), nullable=False),
    sa.Column('level_tolerance', sa.Integer(), nullable=False),
    sa.Column('critical_exact', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revealed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['facilitator_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['scorecard_version_id'], ['scorecard_version.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calibration_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_session_status'), ['status'], unique=False)

    op.create_table('calibration_consensus',
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('criterion_key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('na', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'interaction_id', 'criterion_key')
    )
    op.create_table('calibration_item',
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'interaction_id')
    )
    op.create_table('calibration_note',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('criterion_key', sa.String(length=64), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calibration_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_note_session_id'), ['session_id'], unique=False)

    op.create_table('calibration_participant',
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('session_id', 'user_id')
    )
    with op.batch_alter_table('calibration_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_participant_user_id'), ['user_id'], unique=False)

    op.create_table('calibration_scoring',
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('session_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['calibration_session.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('evaluation_id')
    )
    with op.batch_alter_table('calibration_scoring', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calibration_scoring_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    if _on_postgresql():
        op.execute("DROP TRIGGER IF EXISTS audit_entry_notify ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS qa_tui_notify_change()")
    with op.batch_alter_table('calibration_scoring', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_scoring_session_id'))

    op.drop_table('calibration_scoring')
    with op.batch_alter_table('calibration_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_participant_user_id'))

    op.drop_table('calibration_participant')
    with op.batch_alter_table('calibration_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_note_session_id'))

    op.drop_table('calibration_note')
    op.drop_table('calibration_item')
    op.drop_table('calibration_consensus')
    with op.batch_alter_table('calibration_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calibration_session_status'))

    op.drop_table('calibration_session')
