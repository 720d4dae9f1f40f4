"""trends: survey responses, feedback items, service standards

Revision ID: 0005_trends
Revises: 0004_complaints_actions
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_trends'
down_revision = '0004_complaints_actions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_standard',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kpi', sa.String(length=32), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('direction', sa.String(length=2), nullable=False),
    sa.Column('measurement', sa.String(), nullable=False),
    sa.Column('set_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kpi')
    )
    op.create_table('feedback_item',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('natural_key', sa.String(length=128), nullable=False),
    sa.Column('external_ref', sa.String(length=120), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('text_enc', sa.LargeBinary(), nullable=True),
    sa.Column('redacted_enc', sa.LargeBinary(), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subject.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('natural_key')
    )
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_item_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_item_subject_id'), ['subject_id'], unique=False)

    op.create_table('survey_response',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('natural_key', sa.String(length=128), nullable=False),
    sa.Column('external_ref', sa.String(length=120), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('interaction_id', sa.Uuid(), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('subject_id', sa.Uuid(), nullable=True),
    sa.Column('csat', sa.Integer(), nullable=True),
    sa.Column('nps', sa.Integer(), nullable=True),
    sa.Column('ces', sa.Integer(), nullable=True),
    sa.Column('fcr', sa.Boolean(), nullable=True),
    sa.Column('verbatim_enc', sa.LargeBinary(), nullable=True),
    sa.Column('redacted_enc', sa.LargeBinary(), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('natural_key')
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index('ix_survey_response_agent_time', ['agent_id', 'responded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_responded_at'), ['responded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_subject_id'), ['subject_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_response_subject_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_responded_at'))
        batch_op.drop_index(batch_op.f('ix_survey_response_interaction_id'))
        batch_op.drop_index('ix_survey_response_agent_time')

    op.drop_table('survey_response')
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_item_subject_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_item_received_at'))

    op.drop_table('feedback_item')
    op.drop_table('service_standard')
