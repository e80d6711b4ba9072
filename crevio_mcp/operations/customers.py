"""Customers (buyers, leads and members) and the store account."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import EmailStr, Field

from crevio_mcp.operations.base import ListParams, Operation, Params
from crevio_mcp.operations.ids import CustomerId

CustomerType = Literal["lead", "free", "paid"]


class ListCustomers(ListParams):
    email: str | None = Field(None, description="Exact email.")
    query: str | None = Field(None, description="Search names and emails.")
    customer_type: CustomerType | None = Field(None, description="Filter.")


class GetCustomer(Params):
    customer_id: CustomerId


class CustomerFields(Params):
    name: str | None = Field(None, max_length=200, description="Full name.")
    first_name: str | None = Field(None, max_length=100, description="First name.")
    last_name: str | None = Field(None, max_length=100, description="Last name.")
    phone_number: str | None = Field(None, max_length=40, description="Phone number.")
    customer_type: CustomerType | None = Field(None, description="lead, free or paid.")


class CreateCustomer(CustomerFields):
    email: Annotated[EmailStr, Field(description="Unique in the store.")]


class UpdateCustomer(CustomerFields):
    customer_id: CustomerId
    email: EmailStr | None = Field(None, description="Unique in the store.")


class GetAccount(Params):
    pass


OPERATIONS = (
    Operation(
        name="list_customers",
        title="List customers",
        description="List or find customers (buyers, members, leads).",
        method="GET",
        path="/customers",
        params=ListCustomers,
        returns="customer",
        toolset="customers",
        paginated=True,
    ),
    Operation(
        name="get_customer",
        title="Get a customer",
        description="One customer, with orders count and total spent.",
        method="GET",
        path="/customers/{customer_id}",
        params=GetCustomer,
        returns="customer",
        toolset="customers",
    ),
    Operation(
        name="create_customer",
        title="Create a customer",
        description="Add a customer (a new email).",
        method="POST",
        path="/customers",
        params=CreateCustomer,
        returns="customer",
        toolset="customers",
    ),
    Operation(
        name="update_customer",
        title="Update a customer",
        description="Change a customer's details.",
        method="PATCH",
        path="/customers/{customer_id}",
        params=UpdateCustomer,
        returns="customer",
        toolset="customers",
    ),
    Operation(
        name="get_account",
        title="Get the store account",
        description="The store account: name, email, storefront URL.",
        method="GET",
        path="/account",
        params=GetAccount,
        returns="account",
        toolset="account",
    ),
)
