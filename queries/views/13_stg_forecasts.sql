create or replace view stg_forecasts as
with
source as (
    select * from forecasts
),

final as (
    select
        partner_id,
        period as quarter_start,
        forecast_amount,
        submitted_on,
    from source
)

select * from final;
