"""Customers with names, emails, UK phones and postcodes, recorded in bulk (encrypted, blind-indexed)."""

from __future__ import annotations

from typing import Iterator

from qa_tui.demo.context import CustomerRecord, DemoContext
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.texts import Person, random_person
from qa_tui.services import people

PROGRESS_EVERY = 1000


@demo_stage("customers", after=("org",))
def create_customers(ctx: DemoContext) -> None:
    rng = ctx.rng("customers")
    persons = [random_person(rng) for _ in range(ctx.scale.customers)]
    ids = people.record_customers(ctx.actor, _new_customers(ctx, persons))
    for customer_id, person in zip(ids, persons):
        ctx.customers.append(CustomerRecord(customer_id, person.name, person.email, person.phone, person.postcode))
        ctx.note("customer", person.name, person.email, person.phone, person.postcode)


def _new_customers(ctx: DemoContext, persons: list[Person]) -> Iterator[people.NewCustomer]:
    for number, person in enumerate(persons, start=1):
        yield people.NewCustomer(name=person.name, email=person.email, phone=person.phone, postcode=person.postcode)
        if number % PROGRESS_EVERY == 0 or number == len(persons):
            ctx.progress("customers", number, len(persons))
