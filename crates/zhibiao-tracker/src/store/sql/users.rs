//! Users, sessions and departments.

use super::{audit, check_version, params, Backend, Conn, Row, R};
use crate::store::{
    snapshot, Actor, Department, DepartmentStore, NewUser, Result, Role, Session, SessionLookup,
    StoreError, User, UserEdit, UserStore,
};
use crate::util::now;

const USER_COLUMNS: &str = "u.id, u.name, u.role, u.department_id, d.name, u.disabled, u.token_hash IS NOT NULL, u.version, u.created_at, u.email";

const USER_FROM: &str = "FROM users u LEFT JOIN departments d ON d.id = u.department_id";

fn user_row(r: &Row) -> R<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        department_id: r.get(3)?,
        department: r.get(4)?,
        disabled: r.get(5)?,
        has_token: r.get(6)?,
        version: r.get(7)?,
        created_at: r.get(8)?,
        email: r.get(9)?,
    })
}

/// Sets one text column of a user (`column`: a name of this file, never input); the user
/// before and after, for the audit entry.
fn set_text_column(
    tx: &mut dyn Conn,
    id: i64,
    column: &str,
    value: Option<&str>,
) -> R<(serde_json::Value, serde_json::Value)> {
    let before = user_by_id(tx, id)?;
    tx.execute(
        &format!("UPDATE users SET {column} = ?1, version = version + 1 WHERE id = ?2"),
        params![value, id],
    )?;
    let after = user_by_id(tx, id)?;
    Ok((snapshot(&before), snapshot(&after)))
}

fn user_by_id(tx: &mut dyn Conn, id: i64) -> R<User> {
    let sql = format!("SELECT {USER_COLUMNS} {USER_FROM} WHERE u.id = ?1");
    user_row(&tx.one(&sql, params![id])?)
}

fn department_exists(tx: &mut dyn Conn, id: Option<i64>) -> R<()> {
    if let Some(id) = id {
        if tx
            .opt("SELECT 1 FROM departments WHERE id = ?1", params![id])?
            .is_none()
        {
            return Err(StoreError::Invalid("所选部门不存在".into()).into());
        }
    }
    Ok(())
}

impl<B: Backend> UserStore for B {
    fn user_count(&self) -> Result<i64> {
        self.read(|tx| tx.value("SELECT COUNT(*) FROM users", &[]))
    }

    fn users(&self) -> Result<Vec<User>> {
        self.read(|tx| {
            // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
            let sql = format!("SELECT {USER_COLUMNS} {USER_FROM} ORDER BY u.name COLLATE \"C\"");
            tx.query(&sql, &[])?.iter().map(user_row).collect()
        })
    }

    fn user(&self, id: i64) -> Result<User> {
        self.read(|tx| user_by_id(tx, id))
    }

    fn login_lookup(&self, name: &str) -> Result<Option<(User, String)>> {
        self.read(|tx| {
            let sql =
                format!("SELECT {USER_COLUMNS}, u.password_hash {USER_FROM} WHERE u.name = ?1");
            match tx.opt(&sql, params![name])? {
                Some(r) => Ok(Some((user_row(&r)?, r.get(10)?))),
                None => Ok(None),
            }
        })
    }

    fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<i64> {
        self.write(|tx| {
            department_exists(tx, new.department_id)?;
            let id: i64 = tx.value(
                "INSERT INTO users (name, password_hash, role, department_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                params![
                    new.name,
                    new.password_hash,
                    new.role.key(),
                    new.department_id,
                    now(),
                ],
            )?;
            let after = user_by_id(tx, id)?;
            audit(
                tx,
                actor,
                "create",
                "user",
                Some(id),
                None,
                Some(&snapshot(&after)),
            )?;
            Ok(id)
        })
    }

    fn edit_user(&self, actor: &Actor, id: i64, version: i64, edit: &UserEdit) -> Result<()> {
        self.write(|tx| {
            check_version(tx, "users", id, version)?;
            department_exists(tx, edit.department_id)?;
            let before = user_by_id(tx, id)?;
            tx.execute(
                "UPDATE users SET role = ?1, department_id = ?2, disabled = ?3, version = version + 1 WHERE id = ?4",
                params![edit.role.key(), edit.department_id, edit.disabled, id],
            )?;
            if let Some(h) = &edit.password_hash {
                tx.execute(
                    "UPDATE users SET password_hash = ?1 WHERE id = ?2",
                    params![h, id],
                )?;
            }
            if edit.disabled || edit.password_hash.is_some() {
                tx.execute("DELETE FROM sessions WHERE user_id = ?1", params![id])?;
            }
            let mut after = snapshot(&user_by_id(tx, id)?);
            if edit.password_hash.is_some() {
                after["password"] = "reset".into();
            }
            audit(
                tx,
                actor,
                "edit",
                "user",
                Some(id),
                Some(&snapshot(&before)),
                Some(&after),
            )?;
            Ok(())
        })
    }

    fn set_email(&self, actor: &Actor, id: i64, email: Option<&str>) -> Result<()> {
        self.write(|tx| {
            let (before, after) = set_text_column(tx, id, "email", email)?;
            audit(
                tx,
                actor,
                "email",
                "user",
                Some(id),
                Some(&before),
                Some(&after),
            )
        })
    }

    fn set_token(&self, actor: &Actor, id: i64, token_hash: Option<&str>) -> Result<()> {
        self.write(|tx| {
            let (before, after) = set_text_column(tx, id, "token_hash", token_hash)?;
            let action = if token_hash.is_some() {
                "token"
            } else {
                "revoke_token"
            };
            audit(
                tx,
                actor,
                action,
                "user",
                Some(id),
                Some(&before),
                Some(&after),
            )?;
            Ok(())
        })
    }

    fn user_by_token(&self, token_hash: &str) -> Result<Option<User>> {
        self.read(|tx| {
            let sql = format!(
                "SELECT {USER_COLUMNS} {USER_FROM} WHERE u.token_hash = ?1 AND NOT u.disabled"
            );
            tx.opt(&sql, params![token_hash])?
                .as_ref()
                .map(user_row)
                .transpose()
        })
    }

    fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE expires_at < ?1", params![now])?;
            tx.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![token_hash, user_id, csrf, now, expires_at],
            )?;
            Ok(())
        })
    }

    fn session(&self, token_hash: &str, now: i64) -> Result<SessionLookup> {
        self.read(|tx| {
            let Some(r) = tx.opt(
                "SELECT user_id, csrf, expires_at FROM sessions WHERE token_hash = ?1",
                params![token_hash],
            )?
            else {
                return Ok(SessionLookup::Missing);
            };
            let (user_id, csrf, expires_at): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if expires_at <= now {
                return Ok(SessionLookup::Expired);
            }
            let user = user_by_id(tx, user_id)?;
            if user.disabled {
                return Ok(SessionLookup::Expired);
            }
            Ok(SessionLookup::Valid(Session {
                user,
                csrf,
                expires_at,
            }))
        })
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions WHERE token_hash = ?1",
                params![token_hash],
            )?;
            Ok(())
        })
    }

    fn login_attempt(&self, keys: &[(String, usize)], now: i64, since: i64) -> Result<bool> {
        // Under the limiter's advisory lock: attempts of every process are counted one after
        // another.
        self.write_limiter(|tx| {
            tx.execute("DELETE FROM login_failures WHERE at < ?1", params![since])?;
            for (key, limit) in keys {
                let r = tx.one(
                    "SELECT COUNT(*) FROM login_failures WHERE key = ?1 AND at >= ?2",
                    params![key, since],
                )?;
                let n: i64 = r.get(0)?;
                if n as usize >= *limit {
                    return Ok(false);
                }
            }
            for (key, _) in keys {
                tx.execute(
                    "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
                    params![key, now],
                )?;
            }
            Ok(true)
        })
    }

    fn login_succeeded(&self, cleared: &str, taken_back: &[String]) -> Result<()> {
        self.write_limiter(|tx| {
            tx.execute("DELETE FROM login_failures WHERE key = ?1", params![cleared])?;
            for key in taken_back {
                tx.execute(
                    "DELETE FROM login_failures WHERE id = (SELECT MAX(id) FROM login_failures WHERE key = ?1)",
                    params![key],
                )?;
            }
            Ok(())
        })
    }
}

const DEPARTMENT_SQL: &str = "SELECT d.id, d.name, d.version, d.created_at,
    (SELECT COUNT(*) FROM commitments c WHERE c.lead_department_id = d.id),
    (SELECT COUNT(*) FROM commitment_departments cd WHERE cd.department_id = d.id),
    (SELECT COUNT(*) FROM users u WHERE u.department_id = d.id)
    FROM departments d";

fn department_row(r: &Row) -> R<Department> {
    Ok(Department {
        id: r.get(0)?,
        name: r.get(1)?,
        version: r.get(2)?,
        created_at: r.get(3)?,
        leads: r.get(4)?,
        supports: r.get(5)?,
        users: r.get(6)?,
    })
}

fn department_by_id(tx: &mut dyn Conn, id: i64) -> R<Department> {
    department_row(&tx.one(&format!("{DEPARTMENT_SQL} WHERE d.id = ?1"), params![id])?)
}

impl<B: Backend> DepartmentStore for B {
    fn departments(&self) -> Result<Vec<Department>> {
        self.read(|tx| {
            tx.query(
                &format!("{DEPARTMENT_SQL} ORDER BY d.name COLLATE \"C\""),
                &[],
            )?
            .iter()
            .map(department_row)
            .collect()
        })
    }

    fn department(&self, id: i64) -> Result<Department> {
        self.read(|tx| department_by_id(tx, id))
    }

    fn create_department(&self, actor: &Actor, name: &str) -> Result<i64> {
        self.write(|tx| {
            let id: i64 = tx.value(
                "INSERT INTO departments (name, created_at) VALUES (?1, ?2) RETURNING id",
                params![name, now()],
            )?;
            let after = department_by_id(tx, id)?;
            audit(
                tx,
                actor,
                "create",
                "department",
                Some(id),
                None,
                Some(&snapshot(&after)),
            )?;
            Ok(id)
        })
    }

    fn rename_department(&self, actor: &Actor, id: i64, version: i64, name: &str) -> Result<()> {
        self.write(|tx| {
            check_version(tx, "departments", id, version)?;
            let before = department_by_id(tx, id)?;
            tx.execute(
                "UPDATE departments SET name = ?1, version = version + 1 WHERE id = ?2",
                params![name, id],
            )?;
            let after = department_by_id(tx, id)?;
            audit(
                tx,
                actor,
                "edit",
                "department",
                Some(id),
                Some(&snapshot(&before)),
                Some(&snapshot(&after)),
            )?;
            Ok(())
        })
    }

    fn delete_department(&self, actor: &Actor, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            check_version(tx, "departments", id, version)?;
            let before = department_by_id(tx, id)?;
            if before.users > 0 {
                return Err(StoreError::Invalid(format!(
                    "部门“{}”下还有 {} 个用户，请先调整这些用户的部门",
                    before.name, before.users
                ))
                .into());
            }
            tx.execute("DELETE FROM departments WHERE id = ?1", params![id])?;
            audit(
                tx,
                actor,
                "delete",
                "department",
                Some(id),
                Some(&snapshot(&before)),
                None,
            )?;
            Ok(())
        })
    }
}
