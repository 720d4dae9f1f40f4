"""Inter-rater agreement statistics for calibration sessions (pure functions).

Start from a long polars frame with columns item, rater, score; a missing
rating is an absent row or a null score. `agreement_summary` computes every
statistic at once; the modules below hold each statistic on its own:

- `ratings`: validation and the items x raters `RatingMatrix`
- `percent`: pairwise percent agreement, exact and within a tolerance
- `cohen`: Cohen's kappa, unweighted and weighted (two raters)
- `chance`: Fleiss' kappa and Gwet's AC1/AC2 (any raters, missing allowed)
- `krippendorff`: Krippendorff's alpha at four levels of measurement
- `icc`: the six Shrout & Fleiss intraclass correlations
- `levels`: levels of measurement and the scorecard item types that imply them
"""

from qa_tui.analytics.agreement.chance import fleiss_kappa, gwet_ac1
from qa_tui.analytics.agreement.cohen import cohen_kappa, cohen_kappa_table, contingency_table
from qa_tui.analytics.agreement.estimate import Estimate
from qa_tui.analytics.agreement.icc import ICC_NAMES, intraclass_correlations
from qa_tui.analytics.agreement.krippendorff import krippendorff_alpha
from qa_tui.analytics.agreement.levels import LEVELS, level_for_item_type
from qa_tui.analytics.agreement.percent import percent_agreement, tolerance_agreement
from qa_tui.analytics.agreement.ratings import RatingMatrix, ratings_matrix
from qa_tui.analytics.agreement.summary import (
    AgreementSummary,
    agreement_by,
    agreement_summary,
    pool_units,
    summarize_ratings,
)
from qa_tui.analytics.agreement.weights import agreement_weights

__all__ = [
    "ICC_NAMES",
    "LEVELS",
    "AgreementSummary",
    "Estimate",
    "RatingMatrix",
    "agreement_by",
    "agreement_summary",
    "agreement_weights",
    "cohen_kappa",
    "cohen_kappa_table",
    "contingency_table",
    "fleiss_kappa",
    "gwet_ac1",
    "intraclass_correlations",
    "krippendorff_alpha",
    "level_for_item_type",
    "percent_agreement",
    "pool_units",
    "ratings_matrix",
    "summarize_ratings",
    "tolerance_agreement",
]
