"""scoring: scorecards, evaluations, feedback, disputes, mystery shops, sampling

Revision ID: 0003_scoring
Revises: 0002_privacy
"""

from alembic import op
import sqlalchemy as sa



revision = '0003_scoring'
down_revision = '0002_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mystery_scenario',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('persona', sa.String(), nullable=False),
    sa.Column('script', sa.String(), nullable=False),
    sa.Column('objectives', sa.String(), nullable=False),
    sa.Column('expected', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('sampling_plan',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('quotas', sa.String(), nullable=False),
    sa.Column('rules', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('scorecard',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('mystery_shopper',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('name_enc', sa.LargeBinary(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['data_subject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subject_id')
    )
    op.create_table('scorecard_version',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scorecard_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('definition', sa.String(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecard.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('scorecard_id', 'number')
    )
    with op.batch_alter_table('scorecard_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecard_version_scorecard_id'), ['scorecard_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('scorecard_version_id', sa.Uuid(), nullable=False),
    sa.Column('assessor_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('raw_score', sa.Float(), nullable=True),
    sa.Column('critical_failed', sa.Boolean(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['assessor_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['scorecard_version_id'], ['scorecard_version.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_agent_time', ['agent_id', 'submitted_at'], unique=False)
        batch_op.create_index('ix_evaluation_assessor_status', ['assessor_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_scorecard_version_id'), ['scorecard_version_id'], unique=False)

    op.create_table('mystery_visit',
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('scenario_id', sa.Uuid(), nullable=False),
    sa.Column('shopper_id', sa.Uuid(), nullable=False),
    sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['scenario_id'], ['mystery_scenario.id'], ),
    sa.ForeignKeyConstraint(['shopper_id'], ['mystery_shopper.id'], ),
    sa.PrimaryKeyConstraint('interaction_id')
    )
    with op.batch_alter_table('mystery_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mystery_visit_scenario_id'), ['scenario_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mystery_visit_shopper_id'), ['shopper_id'], unique=False)

    op.create_table('dispute',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('criterion_key', sa.String(length=64), nullable=False),
    sa.Column('reason_enc', sa.LargeBinary(), nullable=True),
    sa.Column('raised_by', sa.String(length=64), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_status'), ['status'], unique=False)

    op.create_table('evaluation_answer',
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('criterion_key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('na', sa.Boolean(), nullable=False),
    sa.Column('comment_enc', sa.LargeBinary(), nullable=True),
    sa.Column('evidence_at', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('evaluation_id', 'criterion_key')
    )
    op.create_table('evaluation_revision',
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('raw_score', sa.Float(), nullable=True),
    sa.Column('critical_failed', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('evaluation_id', 'revision')
    )
    op.create_table('feedback',
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('action_enc', sa.LargeBinary(), nullable=True),
    sa.Column('impact_enc', sa.LargeBinary(), nullable=True),
    sa.Column('desired_outcome_enc', sa.LargeBinary(), nullable=True),
    sa.Column('strengths_enc', sa.LargeBinary(), nullable=True),
    sa.Column('development_enc', sa.LargeBinary(), nullable=True),
    sa.Column('criteria', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('evaluation_id')
    )
    op.create_table('review_assignment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('interaction_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('assessor_id', sa.Uuid(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('evaluation_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['assessor_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['sampling_plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('interaction_id')
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_review_assignment_assessor_status', ['assessor_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assignment_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_assignment_plan_id'))
        batch_op.drop_index('ix_review_assignment_assessor_status')

    op.drop_table('review_assignment')
    op.drop_table('feedback')
    op.drop_table('evaluation_revision')
    op.drop_table('evaluation_answer')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispute_status'))
        batch_op.drop_index(batch_op.f('ix_dispute_evaluation_id'))

    op.drop_table('dispute')
    with op.batch_alter_table('mystery_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mystery_visit_shopper_id'))
        batch_op.drop_index(batch_op.f('ix_mystery_visit_scenario_id'))

    op.drop_table('mystery_visit')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_scorecard_version_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_interaction_id'))
        batch_op.drop_index('ix_evaluation_assessor_status')
        batch_op.drop_index('ix_evaluation_agent_time')

    op.drop_table('evaluation')
    with op.batch_alter_table('scorecard_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecard_version_scorecard_id'))

    op.drop_table('scorecard_version')
    op.drop_table('mystery_shopper')
    op.drop_table('scorecard')
    op.drop_table('sampling_plan')
    op.drop_table('mystery_scenario')
