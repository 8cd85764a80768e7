create or replace view stg_mdf_allocations as
with
source as (
    select * from mdf_allocations
),

final as (
    select
        partner_id,
        period as quarter_start,
        allocated_amount,
    from source
)

select * from final;

create or replace view stg_mdf_claims as
with
source as (
    select * from mdf_claims
),

final as (
    select
        claim_id,
        partner_id,
        period as quarter_start,
        lower(status) as status,
        requested_amount,
        approved_amount,
        claimed_amount,
        paid_amount,
        coalesce(activity_type, 'Unspecified') as activity_type,
        requested_on,
        approved_on,
        paid_on,
    from source
)

select * from final;
