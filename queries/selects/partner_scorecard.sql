-- The chosen partner's figures and, beside each, the median of the enrolled partners of its tier
-- (for a signed-in CAM: of their own partners of that tier).
with
cards as (
    select * from partner_scorecards($as_of, $window_months, $grace_days, $lead_days)
),

chosen as (
    select * from cards where partner_id = $partner_id and in_filter($scope_cams, cam_id)
),

peers as (
    select cards.*
    from cards
    join chosen on cards.tier = chosen.tier
    where cards.is_enrolled and in_filter($scope_cams, cards.cam_id)
),

medians as (
    select
        'tier median' as row_kind,
        median(revenue) as revenue,
        median(prior_revenue) as prior_revenue,
        median(registrations) as registrations,
        median(win_rate) as win_rate,
        median(open_pipeline) as open_pipeline,
        median(mdf_allocated) as mdf_allocated,
        median(mdf_utilization) as mdf_utilization,
        median(current_certifications) as current_certifications,
        median(qbrs_last_year) as qbrs_last_year,
        median(health_score) as health_score,
        median(registration_recency) as registration_recency,
        median(revenue_trend) as revenue_trend,
        median(certification_currency) as certification_currency,
        median(mdf_use) as mdf_use,
        median(qbr_held) as qbr_held,
        median(forecast_accuracy) as forecast_accuracy,
        count(*) as peers,
    from peers
)

select
    'partner' as row_kind,
    revenue, prior_revenue, registrations, win_rate, open_pipeline, mdf_allocated,
    mdf_utilization, current_certifications, qbrs_last_year, health_score,
    registration_recency, revenue_trend, certification_currency, mdf_use, qbr_held,
    forecast_accuracy, 1 as peers,
from chosen
union all
select * from medians
