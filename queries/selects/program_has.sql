-- Which optional data the program holds at all (flags, no partner's data).
select * from program_has
