"""Demo stages, one module per part of the centre; every module here is imported and its stages registered.

To add one (scorecards, evaluations, surveys...), create a module with

    @demo_stage("evaluations", after=("interactions", "scorecards"))
    def create_evaluations(ctx: DemoContext) -> None:
        rng = ctx.rng("evaluations")   # a stream of its own: earlier stages stay as they were
        ...                            # write through services as ctx.actor, in bulk; ctx.note(...) what you made

and keep what later stages need in `ctx.extras["evaluations"]`.
"""
