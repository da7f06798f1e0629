# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/injection/sql/sql-injection-using-db-cursor-execute.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/injection/sql/sql-injection-rawsql.yaml
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/injection/sql/sql-injection-using-raw.yaml
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/injection/sql/sql-injection-extra.py
# codes: HL301,B608,B610,B611
# Cases modelled on semgrep's Django SQL injection tests: request data into cursor.execute, raw(),
# RawSQL and extra().
from django.db import connection
from django.db.models.expressions import RawSQL


def fetch_name_0(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT foo FROM bar WHERE baz = {request.data.get('baz')}")  # expect: HL301|B608
        cursor.execute("SELECT foo FROM bar WHERE baz = %s" % request.data.get("baz"))  # expect: HL301|B608
        row = cursor.fetchone()
    return row


def fetch_name_1(request):
    baz = request.data.get("baz")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE bar SET foo = 1 WHERE baz = {baz}")  # expect: HL301|B608
        cursor.execute(f"SELECT foo FROM bar WHERE baz = {baz}")  # expect: HL301|B608
        return cursor.fetchone()


def upload(request, project_id):
    name = request.POST.get("name", False)
    other_name = "{}".format(name)
    curs = connection.cursor()
    curs.execute("insert into taskManager_file ('name','project_id') values ('%s',%s)" % (other_name, project_id))  # expect: HL301|B608


def raw_format(request):
    name = request.GET["name"]
    return Person.objects.raw("SELECT * FROM myapp_person WHERE last_name = '{}'".format(name))  # expect: HL301|B608


def raw_percent(request):
    return Person.objects.raw("SELECT * FROM myapp_person WHERE last_name = '%s'" % request.GET["name"])  # expect: HL301|B608


def rawsql_format(request, queryset):
    weight = request.GET.get("weight")
    return queryset.annotate(val=RawSQL("SELECT col FROM sometable WHERE othercol = '{}'".format(weight), []))  # expect: HL301|B608|B611


def rawsql_percent(request, queryset):
    return queryset.annotate(val=RawSQL("SELECT col FROM t WHERE othercol = '%s'" % request.GET["x"], ()))  # expect: HL301|B608|B611


def extra_where(request):
    return Person.objects.extra(where=["name = '%s'" % request.GET["name"]])  # expect: HL301|B610


def sort_by_request(request):
    order = request.GET.get("order", "name")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM myapp_person ORDER BY " + order)  # expect: HL301|B608


# Look-alikes that must stay quiet.
def fetch_name_params(request):
    baz = request.data.get("baz")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE bar SET foo = 1 WHERE baz = %s", [baz])
        cursor.execute("SELECT foo FROM bar WHERE baz = %s", [baz])
    return Person.objects.raw("SELECT * FROM myapp_person WHERE last_name = %s", [baz])


def rawsql_params(request, queryset):
    return queryset.annotate(val=RawSQL("SELECT col FROM sometable WHERE othercol = %s", (request.GET["x"],)))


def orm_sorting(request):
    return Person.objects.order_by(f"-{request.GET['sort']}").filter(name=request.GET["name"])


def table_of_model(model):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = '%s'" % model._meta.db_table)
        cursor.execute("SELECT COUNT(*) FROM %s" % connection.ops.quote_name(model._meta.db_table))
