-- Won revenue per partner in the window (as_of - W, as_of] and the prior window before it, plus
-- the deals closed won or lost in the window (the win-rate base). Every partner appears, with
-- zeros where it sold nothing; terminated partners keep the revenue they brought.
create or replace macro partner_revenue(as_of, window_months) as table
with
partners as (
    select * from stg_partners
),

registrations as (
    select * from stg_deal_registrations
),

bounds as (
    select
        cast(as_of as date) as window_end,
        window_start(as_of, window_months) as window_start,
        window_start(window_start(as_of, window_months), window_months) as prior_start,
),

closed_deals as (
    select
        registrations.partner_id,
        registrations.status,
        registrations.amount,
        registrations.closed_on > bounds.window_start
            and registrations.closed_on <= bounds.window_end as in_window,
        registrations.closed_on > bounds.prior_start
            and registrations.closed_on <= bounds.window_start as in_prior_window,
    from registrations
    cross join bounds
    where registrations.status in ('won', 'lost')
        and registrations.closed_on > bounds.prior_start
        and registrations.closed_on <= bounds.window_end
),

per_partner as (
    select
        partner_id,
        sum(amount) filter (where status = 'won' and in_window) as revenue,
        sum(amount) filter (where status = 'won' and in_prior_window) as prior_revenue,
        count(*) filter (where status = 'won' and in_window) as won_deals,
        count(*) filter (where status = 'lost' and in_window) as lost_deals,
    from closed_deals
    group by partner_id
),

final as (
    select
        partners.partner_id,
        partners.tier,
        partners.region,
        partners.cam_id,
        partners.partner_type,
        coalesce(per_partner.revenue, 0) as revenue,
        coalesce(per_partner.prior_revenue, 0) as prior_revenue,
        coalesce(per_partner.won_deals, 0) as won_deals,
        coalesce(per_partner.lost_deals, 0) as lost_deals,
    from partners
    left join per_partner using (partner_id)
)

select * from final;
