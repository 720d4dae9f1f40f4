"""complaints and improvement actions: the complaint log, escalations, policy; PDCA actions

Revision ID: 0004_complaints_actions
Revises: 0003_scoring
"""

from alembic import op
import sqlalchemy as sa


revision = '0004_complaints_actions'
down_revision = '0003_scoring'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('complaint_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('acknowledge_working_days', sa.Integer(), nullable=False),
    sa.Column('final_response_weeks', sa.Integer(), nullable=False),
    sa.Column('roll_forward', sa.Boolean(), nullable=False),
    sa.Column('categories', sa.String(), nullable=False),
    sa.Column('root_causes', sa.String(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('improvement_action',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('finding_kind', sa.String(length=32), nullable=False),
    sa.Column('finding', sa.String(), nullable=False),
    sa.Column('objective', sa.String(), nullable=False),
    sa.Column('metric', sa.String(length=64), nullable=False),
    sa.Column('scope_kind', sa.String(length=16), nullable=False),
    sa.Column('scope_id', sa.Uuid(), nullable=True),
    sa.Column('criterion_key', sa.String(length=64), nullable=True),
    sa.Column('baseline_start', sa.Date(), nullable=False),
    sa.Column('baseline_end', sa.Date(), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=False),
    sa.Column('baseline_n', sa.Integer(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('plan_on', sa.Date(), nullable=False),
    sa.Column('do_on', sa.Date(), nullable=True),
    sa.Column('check_on', sa.Date(), nullable=True),
    sa.Column('act_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('risks', sa.String(), nullable=False),
    sa.Column('tasks', sa.String(), nullable=False),
    sa.Column('stakeholders', sa.String(), nullable=False),
    sa.Column('post_start', sa.Date(), nullable=True),
    sa.Column('post_end', sa.Date(), nullable=True),
    sa.Column('check_result', sa.String(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('variance_cause', sa.String(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('improvement_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_improvement_action_stage'), ['stage'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('product', sa.String(length=120), nullable=False),
    sa.Column('legal', sa.String(), nullable=False),
    sa.Column('text_enc', sa.LargeBinary(), nullable=True),
    sa.Column('redacted_enc', sa.LargeBinary(), nullable=True),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('acknowledge_due', sa.Date(), nullable=False),
    sa.Column('final_due', sa.Date(), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('investigating_on', sa.Date(), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('followed_up_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('escalation_level', sa.Integer(), nullable=False),
    sa.Column('heat', sa.String(), nullable=False),
    sa.Column('heat_notes_enc', sa.LargeBinary(), nullable=True),
    sa.Column('root_cause', sa.String(length=120), nullable=False),
    sa.Column('resolution_enc', sa.LargeBinary(), nullable=True),
    sa.Column('redress', sa.String(length=32), nullable=False),
    sa.Column('redress_amount', sa.Float(), nullable=True),
    sa.Column('recovered', sa.Boolean(), nullable=True),
    sa.Column('recovery_score', sa.Integer(), nullable=True),
    sa.Column('follow_up_enc', sa.LargeBinary(), nullable=True),
    sa.Column('lesson', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subject.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_complaint_status_received', ['status', 'received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index('ix_complaint_team_received', ['team_id', 'received_on'], unique=False)

    op.create_table('complaint_escalation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('complaint_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('escalated_by', sa.String(length=64), nullable=False),
    sa.Column('escalated_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('complaint_escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_escalation_complaint_id'), ['complaint_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('complaint_escalation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_escalation_complaint_id'))

    op.drop_table('complaint_escalation')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_team_received')
        batch_op.drop_index(batch_op.f('ix_complaint_subject_id'))
        batch_op.drop_index('ix_complaint_status_received')
        batch_op.drop_index(batch_op.f('ix_complaint_customer_id'))

    op.drop_table('complaint')
    with op.batch_alter_table('improvement_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_improvement_action_stage'))

    op.drop_table('improvement_action')
    op.drop_table('complaint_policy')
