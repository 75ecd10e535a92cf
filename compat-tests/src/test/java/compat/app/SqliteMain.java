package compat.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** sqlite-jdbc, found by DriverManager's service lookup; it extracts its JNI library into java.io.tmpdir. */
public final class SqliteMain {
    private SqliteMain() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("INSERT INTO t(name) VALUES ('a'), ('b'), ('c')");
            try (ResultSet row = statement.executeQuery("SELECT group_concat(name, ','), sum(id) * 7, sqlite_version() FROM t")) {
                row.next();
                System.out.println("sqlite " + row.getString(1) + " " + row.getInt(2) + " " + row.getString(3)
                        + " driver " + connection.getMetaData().getDriverVersion());
            }
        }
    }
}
