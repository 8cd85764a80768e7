-- Won revenue per partner and quarter of close: the actuals every forecast comparison reads.
-- Stored as a table at load (queries/loader.py): it depends on no parameter.
create or replace view int_quarter_actuals as
select
    partner_id,
    cast(date_trunc('quarter', closed_on) as date) as quarter_start,
    sum(amount) as actual_amount,
from stg_deal_registrations
where status = 'won' and closed_on is not null
group by all;

-- Forecast against actual per partner and quarter. F is the partner's latest forecast submitted
-- on or before the cut-off (quarter start + lead_days); A is won revenue closed in the quarter.
create or replace macro forecast_vs_actual(lead_days) as table
with
forecasts as (
    select * from stg_forecasts
),

latest_forecast as (
    select
        partner_id,
        quarter_start,
        arg_max(forecast_amount, submitted_on) as forecast_amount,
    from forecasts
    where submitted_on <= quarter_start + cast(lead_days as integer)
    group by partner_id, quarter_start
),

actuals as (
    select * from int_quarter_actuals
),

final as (
    select
        partner_id,
        quarter_start,
        latest_forecast.forecast_amount,
        coalesce(actuals.actual_amount, 0) as actual_amount,
    from latest_forecast
    full outer join actuals using (partner_id, quarter_start)
)

select * from final;

-- Accuracy and bias of a group's summed forecast; null ("no data") without a forecast or actuals.
create or replace macro forecast_accuracy(forecast_total, actual_total) as (
    case
        when forecast_total is null or coalesce(actual_total, 0) = 0 then null
        else greatest(0, 1 - abs(forecast_total - actual_total) / actual_total)
    end
);

create or replace macro forecast_bias(forecast_total, actual_total) as (
    case
        when forecast_total is null or coalesce(actual_total, 0) = 0 then null
        else (forecast_total - actual_total) / actual_total
    end
);

-- The last complete quarter on as_of: the latest quarter that ends on or before as_of.
create or replace macro last_complete_quarter(as_of) as (
    cast(date_trunc('quarter', cast(as_of as date) + 1) - interval 3 month as date)
);

-- Forecast against actual per quarter and segment (cam, region, tier, or the whole channel),
-- for the filtered partners: accuracy, bias, and whether the quarter landed within 10%.
create or replace macro forecast_by_segment(
    lead_days, from_date, to_date, tiers, regions, cams, partner_types, dimension
) as table
with
partner_quarters as (
    select fva.*, partners.tier, partners.region, partners.cam_id, partners.partner_type,
    from forecast_vs_actual(lead_days) as fva
    join stg_partners as partners using (partner_id)
    where fva.quarter_start >= cast(from_date as date)
        and quarter_end(fva.quarter_start) <= cast(to_date as date)
        and in_selection(
            tiers, regions, cams, partner_types,
            partners.tier, partners.region, partners.cam_id, partners.partner_type
        )
),

segmented as (
    select
        *,
        case dimension
            when 'tier' then tier
            when 'region' then region
            when 'cam' then coalesce(cam_id, 'Unassigned')
            when 'partner_type' then partner_type
            else 'Channel'
        end as segment,
    from partner_quarters
),

final as (
    select
        quarter_start,
        segment,
        sum(forecast_amount) as forecast_amount,
        sum(actual_amount) as actual_amount,
        forecast_accuracy(sum(forecast_amount), sum(actual_amount)) as forecast_accuracy,
        forecast_bias(sum(forecast_amount), sum(actual_amount)) as forecast_bias,
        case
            when forecast_accuracy(sum(forecast_amount), sum(actual_amount)) is null then null
            else abs(sum(forecast_amount) - sum(actual_amount)) <= 0.1 * sum(actual_amount)
        end as within_10_pct,
        -- Partner-level WAPE over partners with a forecast by the cut-off.
        ratio(
            sum(abs(forecast_amount - actual_amount)) filter (where forecast_amount is not null),
            sum(actual_amount) filter (where forecast_amount is not null)
        ) as partner_wape,
        count(*) filter (where forecast_amount is not null) as forecasting_partners,
    from segmented
    group by quarter_start, segment
)

select * from final;
