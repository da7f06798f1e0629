# source: https://github.com/aldjemy/aldjemy#readme (Django models queried through SQLAlchemy: `User.sa.query()`)
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-filter-sql-injection.py
# source: https://docs.djangoproject.com/en/stable/ref/models/querysets/#order-by
# codes: HL301,B608
# A Django project that also queries through SQLAlchemy: the receiver of `filter`/`order_by` says whose
# query it is. SQLAlchemy's reads a string as SQL text; Django's takes lookups and field names.
from django.db import models
from django.db.models import Q
from sqlalchemy import select
from sqlalchemy.orm import Session


class Person(models.Model):
    name = models.CharField(max_length=100)


def report_by_name(session: Session, name):
    return session.query(Person.sa).filter("name = '%s'" % name).all()  # expect: HL301


def report_sorted(name, direction):
    return Person.sa.query().filter(f"name = '{name}'").order_by(direction)  # expect: HL301


def report_statement(session, city):
    return session.execute(select(Person.sa).filter("city = '" + city + "'"))  # expect: HL301


def report_built(session, kind):
    query = session.query(Person.sa)
    query = query.filter("kind = '{}'".format(kind))  # expect: HL301
    return query.all()


# --- look-alikes that must stay quiet --------------------------------------------------------

def people(name, sort, term):
    found = Person.objects.filter(Q(name=name) | Q(name__icontains=term)).order_by(f"-{sort}")
    return found.filter(name=name).distinct(sort)


def people_of(queryset, sort, name):
    return queryset.filter(Q(name=name)).order_by(f"-{sort}")


def report_bound(session, name):
    return session.query(Person.sa).filter(Person.sa.name == name).order_by(Person.sa.name)
