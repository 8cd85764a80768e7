-- Deal registrations with the partner's attributes and the channel-conflict flag. A registration
-- conflicts when a different partner registered the same customer (name compared without case,
-- spacing or punctuation) in the 90 days before it; on the same day, the one with the smaller
-- deal_id came first. Stored as a table at load (queries/loader.py): it depends on no parameter.
--
-- registrations_with_claims(since) is the same for the registrations after `since` alone, read
-- with the 90 days before it (an earlier claim further back never counts), each flagged as in
-- int_registrations: what one window's KPIs read when nothing is stored (the command line).
create or replace macro registrations_with_claims(since) as table
with
-- Read by three parts below: scanned again by each rather than held whole in memory.
registrations as not materialized (
    select * from stg_deal_registrations
    where since is null or registered_on > cast(since as date) - 90
),

partners as (
    select partner_id, partner_name, tier, region, cam_id, partner_type from stg_partners
),

-- A customer's key is worked out once per spelling of its name, not once per registration, and
-- each key gets a number the registrations are partitioned by.
spellings as (
    select customer_name, customer_key(customer_name) as customer_key,
    from registrations
    where customer_name is not null
    group by customer_name
),

customers as (
    select customer_key, dense_rank() over (order by customer_key) as customer_number,
    from spellings
    where customer_key is not null
    group by customer_key
),

-- Each customer's registrations in order. The latest earlier registration by a different
-- partner is the last one before the current partner's run began, so one sorted pass finds it
-- (a self-join on the customer grows with the square of its registrations). A registration
-- without a customer claims nothing and is claimed by nothing.
ordered as (
    select
        registrations.deal_id,
        registrations.partner_id,
        registrations.registered_on,
        customers.customer_number,
        lag(
            {
                'deal_id': registrations.deal_id,
                'partner_id': registrations.partner_id,
                'registered_on': registrations.registered_on,
            }
        ) over customer_order as previous,
    from registrations
    join spellings on spellings.customer_name = registrations.customer_name
    join customers on customers.customer_key = spellings.customer_key
    window customer_order as (
        partition by customers.customer_number
        order by registrations.registered_on, registrations.deal_id
    )
),

latest_other_partner as (
    select
        deal_id,
        registered_on,
        last_value(
            case when previous.partner_id <> partner_id then previous end ignore nulls
        ) over (
            partition by customer_number order by registered_on, deal_id
            rows between unbounded preceding and current row
        ) as earlier_claim,
    from ordered
),

-- The registrations with an earlier claim alone: the others join nothing. The window sorts
-- carry no customer key, which each registration takes from its spelling instead.
claims as (
    select deal_id, earlier_claim,
    from latest_other_partner
    where earlier_claim.registered_on >= registered_on - 90
),

final as (
    select
        registrations.* replace (spellings.customer_key as customer_key),
        partners.partner_name,
        partners.tier,
        partners.region,
        partners.cam_id,
        partners.partner_type,
        cast(date_trunc('quarter', registrations.registered_on) as date) as registered_quarter,
        registrations.status in ('approved', 'won', 'lost', 'expired') as is_approved,
        registrations.status = 'rejected' as is_rejected,
        registrations.approved_on - registrations.registered_on as days_to_approve,
        claims.earlier_claim is not null as is_conflict,
        claims.earlier_claim.deal_id as conflicting_deal_id,
        claims.earlier_claim.partner_id as conflicting_partner_id,
        claims.earlier_claim.registered_on as conflicting_registered_on,
    from registrations
    join partners using (partner_id)
    left join spellings on spellings.customer_name = registrations.customer_name
    left join claims using (deal_id)
)

select * from final
where since is null or registered_on > cast(since as date);

create or replace view int_registrations as
select * from registrations_with_claims(null);

-- The partners that registered deals but are not among the partners (an import that replaces the
-- partners can leave their deals behind): none in a consistent program. Stored at load, so a
-- conflict's earlier claimant is checked against this short list, not looked up in the partners
-- for each of millions of conflicts.
create or replace view int_unknown_claimants as
select distinct partner_id
from stg_deal_registrations
where partner_id is not null
    and partner_id not in (select partner_id from stg_partners where partner_id is not null);

-- Whether a registration is a conflict in the window (window_start, as_of] with a known partner's
-- earlier claim. channel_conflicts reads the window twice (the latest, and the count), each
-- reading scanning the columns it needs: one table macro read twice is planned as one shared copy
-- of every row.
create or replace macro is_window_conflict(
    is_conflict, registered_on, conflicting_partner_id, as_of, window_months
) as (
    is_conflict
    and registered_on > window_start(as_of, window_months)
    and registered_on <= cast(as_of as date)
    and conflicting_partner_id is not null
    and conflicting_partner_id not in (select partner_id from int_unknown_claimants)
);

-- Registration volume and quality per quarter of registration, for the filtered partners. The
-- registrations are counted per quarter and days to approve first, so the median reads a few
-- hundred counts per quarter: a median over each quarter's million registrations sorted them all.
create or replace macro registrations_by_quarter(from_date, to_date, tiers, regions, cams, partner_types)
as table
with
by_days_to_approve as (
    select
        registered_quarter,
        days_to_approve,
        count(*) as registrations,
        sum(amount) as registered_amount,
        count(*) filter (where amount is null) as registrations_without_amount,
        count(*) filter (where is_approved) as approved,
        count(*) filter (where is_approved or is_rejected) as decided,
        count(*) filter (where is_conflict) as conflicts,
    from int_registrations
    where registered_on > cast(from_date as date)
        and registered_on <= cast(to_date as date)
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
    group by registered_quarter, days_to_approve
),

-- How many of the quarter's registrations with a days-to-approve took this many days or fewer.
ranked as (
    select
        *,
        sum(registrations) filter (where days_to_approve is not null) over (
            partition by registered_quarter order by days_to_approve
            rows between unbounded preceding and current row
        ) as approved_through,
        sum(registrations) filter (where days_to_approve is not null) over (
            partition by registered_quarter
        ) as approved_count,
    from by_days_to_approve
)

select
    registered_quarter,
    cast(sum(registrations) as bigint) as registrations,
    sum(registered_amount) as registered_amount,
    -- Open registrations may come without a value: counted, never read as $0.
    cast(sum(registrations_without_amount) as bigint) as registrations_without_amount,
    ratio(sum(approved), sum(decided)) as approval_rate,
    -- The median of an even count is the mean of the two middle values, as median() reads it.
    (
        min(days_to_approve) filter (where approved_through > floor((approved_count - 1) / 2))
        + min(days_to_approve) filter (where approved_through > ceil((approved_count - 1) / 2))
    ) / 2 as median_days_to_approve,
    cast(sum(conflicts) as bigint) as conflicts,
    ratio(sum(conflicts), sum(registrations)) as conflict_rate,
from ranked
group by registered_quarter;

-- Win rate per quarter of close: won ÷ (won + lost). Counted per day of close first, so the
-- quarter is worked out for a few hundred days rather than for each of millions of deals.
create or replace macro win_rate_by_quarter(from_date, to_date, tiers, regions, cams, partner_types)
as table
with
by_day as (
    select
        closed_on,
        count(*) filter (where status = 'won') as won_deals,
        count(*) filter (where status = 'lost') as lost_deals,
        sum(amount) filter (where status = 'won') as won_amount,
        count(*) as closed_deals,
    from int_registrations
    where status in ('won', 'lost')
        and closed_on > cast(from_date as date)
        and closed_on <= cast(to_date as date)
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
    group by closed_on
)

select
    cast(date_trunc('quarter', closed_on) as date) as closed_quarter,
    cast(sum(won_deals) as bigint) as won_deals,
    cast(sum(lost_deals) as bigint) as lost_deals,
    sum(won_amount) as won_amount,
    ratio(sum(won_deals), sum(closed_deals)) as win_rate,
from by_day
group by all;
