-- Forecast against actual per partner and quarter. F is the partner's latest forecast submitted
-- on or before the cut-off (quarter start + lead_days); A is won revenue closed in the quarter.
create or replace macro forecast_vs_actual(lead_days) as table
with
forecasts as (
    select * from stg_forecasts
),

registrations as (
    select * from stg_deal_registrations
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
    select
        partner_id,
        cast(date_trunc('quarter', closed_on) as date) as quarter_start,
        sum(amount) as actual_amount,
    from registrations
    where status = 'won' and closed_on is not null
    group by all
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
