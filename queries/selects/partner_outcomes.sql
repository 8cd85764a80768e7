-- The chosen partner's outcomes beside the median of the enrolled partners of its tier (for a
-- signed-in CAM: of their own partners of that tier): plan attainment in the last complete
-- quarter, incentives earned in the window, and the latest NPS answer on or before the as-of date.
with
partners as (
    select * from partner_snapshot($as_of, $window_months, $grace_days)
),

chosen as (
    select partner_id, tier
    from partners
    where partner_id = $partner_id and in_filter($scope_cams, cam_id)
),

peers as (
    select partners.partner_id
    from partners
    join chosen using (tier)
    where partners.is_enrolled and in_filter($scope_cams, partners.cam_id)
),

plans as (
    select partner_id, attainment
    from plan_attainment_partners(
        last_complete_quarter($as_of), $as_of, cast([] as varchar[]), cast([] as varchar[]),
        $scope_cams, cast([] as varchar[])
    )
),

earned as (
    select partner_id, incentives_earned
    from incentive_earned_by_partner(
        $as_of, $window_months, $grace_days, cast([] as varchar[]), cast([] as varchar[]),
        $scope_cams, cast([] as varchar[])
    )
),

nps as (
    select partner_id, responded_on, score from partner_latest_nps($as_of)
),

outcomes as (
    select
        partner_id,
        plans.attainment as plan_attainment,
        -- A partner without a payment earned nothing; a program without incentives: no data.
        case when has.incentives then coalesce(earned.incentives_earned, 0) end
            as incentives_earned,
        nps.score as latest_nps_score,
        nps.responded_on as latest_nps_on,
    from (select partner_id from chosen union select partner_id from peers)
    left join plans using (partner_id)
    left join earned using (partner_id)
    left join nps using (partner_id)
    cross join program_has as has
),

final as (
    select
        'partner' as row_kind,
        last_complete_quarter($as_of) as plan_quarter,
        plan_attainment,
        incentives_earned,
        latest_nps_score,
        latest_nps_on,
    from outcomes
    semi join chosen using (partner_id)
    union all
    select
        'tier median',
        last_complete_quarter($as_of),
        median(plan_attainment),
        median(incentives_earned),
        median(latest_nps_score),
        null,
    from outcomes
    semi join peers using (partner_id)
)

select * from final
