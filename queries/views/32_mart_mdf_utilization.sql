-- MDF allocated and claimed per partner and quarter. Claimed counts claims with status claimed
-- or paid; utilization = Σ claimed ÷ Σ allocated over the same partners and quarters. Stored at
-- load (queries/loader.py): the headline KPIs and every partner snapshot read it at each filter
-- change, and a full join per read cost more than the scan.
create or replace view mart_mdf_partner_quarter as
with
allocations as (
    select * from stg_mdf_allocations
),

claims as (
    select * from stg_mdf_claims
),

allocated as (
    select partner_id, quarter_start, sum(allocated_amount) as allocated_amount,
    from allocations
    group by all
),

claimed as (
    select
        partner_id,
        quarter_start,
        sum(requested_amount) as requested_amount,
        sum(approved_amount) filter (where status in ('approved', 'claimed', 'paid'))
            as approved_amount,
        sum(claimed_amount) filter (where status in ('claimed', 'paid')) as claimed_amount,
        sum(paid_amount) filter (where status = 'paid') as paid_amount,
    from claims
    group by all
),

final as (
    select
        partner_id,
        quarter_start,
        coalesce(allocated.allocated_amount, 0) as allocated_amount,
        coalesce(claimed.requested_amount, 0) as requested_amount,
        coalesce(claimed.approved_amount, 0) as approved_amount,
        coalesce(claimed.claimed_amount, 0) as claimed_amount,
        coalesce(claimed.paid_amount, 0) as paid_amount,
    from allocated
    full outer join claimed using (partner_id, quarter_start)
)

select * from final;

-- The registrations each MDF claim is credited with, read by the MDF page's yield per activity.
-- Stored as a table at load (queries/loader.py): it depends on no parameter, and the yield summed
-- every registration (10 million at 100,000 partners) on each read.
create or replace view int_mdf_claim_registrations as
select
    mdf_claim_id as claim_id,
    sum(amount) as pipeline_amount,
    sum(amount) filter (where status = 'won') as won_amount,
    count(*) as registrations,
from stg_deal_registrations
where mdf_claim_id is not null
group by mdf_claim_id;
