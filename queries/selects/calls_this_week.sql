-- The partners most worth a call this week: every reason to call, then the revenue at stake.
with
health as (
    select *
    from partner_snapshot($as_of, $window_months, $grace_days)
    where is_enrolled
        and in_selection(
            $tiers, $regions, $cams, $partner_types,
            tier, region, cam_id, partner_type
        )
),

reasons as (
    select
        *,
        list_filter(
            [
                case when early_warning then 'early warning: ' || warning_reason end,
                case
                    when quarter_mdf_unspent >= 1000 and days_left_in_quarter <= 30
                        then '$' || format('{:,.0f}', quarter_mdf_unspent) || ' MDF unrequested, '
                            || case
                                when days_left_in_quarter = 0 then 'the quarter ends today'
                                else days_left_in_quarter || ' days left in the quarter'
                            end
                end,
                case
                    when certifications_expiring_90d > 0
                        and current_certifications - certifications_expiring_90d
                            < required_certifications
                        then certifications_expiring_90d
                            || case
                                when certifications_expiring_90d = 1
                                    then ' certification expires'
                                else ' certifications expire'
                            end
                            || ' within 90 days, below the tier minimum'
                end,
                case when qbr_due then 'QBR due' end
            ],
            lambda reason: reason is not null
        ) as call_reasons,
        greatest(revenue, prior_revenue) as revenue_at_stake,
    from health
)

select
    partner_id,
    partner_name,
    tier,
    health_score,
    revenue_at_stake,
    array_to_string(call_reasons, '; ') as why,
from reasons
where len(call_reasons) > 0
order by len(call_reasons) desc, revenue_at_stake desc, partner_id
limit 5
