"""cloudstack.cloud.database on Debian 12: real MariaDB, reached by a management server machine."""
import shlex

import pytest

import playbooks

PASSWORD = "s3cr'et\\pw"
BASE_VARS = {"database_root_password": PASSWORD, "database_management_server_count": 2}


@pytest.fixture(scope="module")
def db(lab):
    machine = lab.boot("db")
    yield machine
    machine.destroy()


@pytest.fixture(scope="module")
def ms(lab):
    """Stands for a management server: only a MariaDB client, to reach the database remotely."""
    machine = lab.boot("dbclient")
    yield machine
    machine.destroy()


@pytest.fixture(scope="module")
def play(db, ms):
    run = playbooks.runner("test_database")

    def apply(extra=None, **kwargs):
        role_vars = {**BASE_VARS, "database_remote_hosts": [ms.ip], "database_management_networks": [f"{ms.ip}/32"],
                     **(extra or {})}
        plays = [{"hosts": "db", "roles": [{"role": "cloudstack.cloud.database", "vars": role_vars}]}]
        return run(plays, {"db": [db]}, **kwargs)

    return apply


def mysql(machine, statement, user="root", password=None, host=None):
    """Run SQL with the mysql client on `machine` (over TCP when `host` is given)."""
    command = f"mysql -N -B -u {user} -e {shlex.quote(statement)}"
    if host:
        command += f" -h {host}"
    if password is not None:
        command = f"MYSQL_PWD={shlex.quote(password)} {command}"
    return machine.ssh(command, check=False, timeout=60)


def sql(machine, statement, **login):
    """Rows (lists of strings) of SQL run on `machine`; fails the test when the client fails."""
    out = mysql(machine, statement, **login)
    assert out.returncode == 0, out.stderr
    return [line.split("\t") for line in out.stdout.splitlines()]


def access_denied(machine, **login):
    out = mysql(machine, "SELECT 1", **login)
    return out.returncode != 0 and "Access denied" in out.stderr


@pytest.fixture(scope="module")
def fresh_check(play, db):
    """--check on the fresh machine, and whether the server was installed afterwards."""
    run = play(check=True)
    return run, db.exists("/usr/sbin/mariadbd") or db.exists("/etc/mysql/mariadb.conf.d/60-cloudstack.cnf")


@pytest.fixture(scope="module")
def first_run(fresh_check, play):
    return play()


def test_bad_inputs_fail_before_installing_anything(play):
    run = play({"database_root_password": ""})
    assert run.rc != 0 and "database_root_password is empty" in run.output
    assert "Install the database server packages" not in run.output
    run = play({"database_engine": "mysql"})
    assert run.rc != 0 and "Debian ships no MySQL server; use database_engine=mariadb" in run.output
    run = play({"database_engine": "postgresql"})
    assert run.rc != 0 and "database_engine" in run.output and "postgresql" in run.output
    for networks in ([], ["10.0.0.0/33"], ["db.example.org"]):
        run = play({"database_management_networks": networks})
        assert run.rc != 0 and "database_management_networks must list the networks allowed to reach 3306/tcp" in run.output
        assert "Install the database server packages" not in run.output


def test_check_mode_on_a_fresh_machine_fails_nothing_and_changes_nothing(fresh_check):
    run, installed = fresh_check
    run.assert_ok()
    assert run.changed("db") > 0
    assert not installed


def test_apply_installs_mariadb_with_the_guide_settings(first_run, db):
    first_run.assert_ok()
    assert first_run.changed("db") > 0
    assert db.run("systemctl is-active mariadb").strip() == "active"
    assert db.run("systemctl is-enabled mariadb").strip() == "enabled"
    variables = dict(sql(db, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('innodb_rollback_on_timeout',"
                             " 'innodb_lock_wait_timeout', 'max_connections', 'log_bin', 'binlog_format',"
                             " 'server_id', 'bind_address', 'port')"))
    assert variables == {
        "innodb_rollback_on_timeout": "ON",
        "innodb_lock_wait_timeout": "600",
        "max_connections": "700",
        "log_bin": "ON",
        "binlog_format": "ROW",
        "server_id": "1",
        "bind_address": "0.0.0.0",
        "port": "3306",
    }


def test_second_run_changes_nothing(first_run, play):
    play().assert_unchanged()


def test_management_server_deploys_the_cloud_database_as_remote_root(first_run, db, ms):
    ms.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-client", timeout=300)
    assert access_denied(ms, password="wrong", host=db.ip)
    # What cloudstack-setup-databases --deploy-as=root:<password> does from a management server.
    sql(ms, "CREATE DATABASE cloud; CREATE DATABASE cloud_usage;"
            " CREATE USER cloud@'%' IDENTIFIED BY 'cloudpw';"
            " GRANT ALL ON cloud.* TO cloud@'%'; GRANT ALL ON cloud_usage.* TO cloud@'%';"
            " GRANT PROCESS ON *.* TO cloud@'%';", password=PASSWORD, host=db.ip)
    assert ["cloud"] in sql(ms, "SHOW DATABASES", user="cloud", password="cloudpw", host=db.ip)
    assert ["cloud_usage"] in sql(db, "SHOW DATABASES")
    # Root on the database machine itself: the password works, and so does the unix socket.
    assert sql(db, "SELECT CURRENT_USER()", password=PASSWORD, host="localhost") == [["root@localhost"]]
    assert sql(db, "SELECT CURRENT_USER()") == [["root@localhost"]]


def test_a_changed_password_is_put_back(first_run, play, db, ms):
    sql(db, f"ALTER USER root@'{ms.ip}' IDENTIFIED BY 'tampered'")
    run = play().assert_ok()
    assert run.changed("db") == 1
    assert f"set password root@{ms.ip}" in run.output
    assert sql(ms, "SELECT CURRENT_USER()", password=PASSWORD, host=db.ip) == [[f"root@{ms.ip}"]]
    play().assert_unchanged()


def test_check_mode_with_diff_shows_a_new_setting_without_applying_it(first_run, play, db):
    run = play({"database_management_server_count": 3}, check=True, diff=True).assert_ok()
    changed = run.changed_tasks()
    assert run.changed("db") == 2, changed
    assert "Write the CloudStack settings" in changed and "Restart the database server" in changed
    assert "+max_connections = 1050" in run.output and "-max_connections = 700" in run.output
    assert "max_connections = 700" in db.read_file("/etc/mysql/mariadb.conf.d/60-cloudstack.cnf")
    assert sql(db, "SELECT @@max_connections") == [["700"]]
