select * from unresolved_territories order by rows desc, what, value
